package dev.mailguard.it;

/** Apache commons-net, run as {@code dev.mailguard.it.clients.CommonsNetProgram} in a child JVM. */
final class CommonsNetClient implements InteropClient {
    private static ExternalProgram program() {
        return ChildJvm.program("dev.mailguard.it.clients.CommonsNetProgram");
    }

    @Override
    public String name() {
        return "commons-net";
    }

    @Override
    public String version() {
        return program().run("--version").strip();
    }

    @Override
    public boolean supports(InteropMode mode) {
        return true;
    }

    @Override
    public String send(InteropDelivery delivery) {
        return program().run(JavaClientArguments.of(delivery));
    }
}

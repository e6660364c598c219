package dev.mailguard.it;

/** Angus Mail (Jakarta Mail), run as {@code dev.mailguard.it.clients.AngusMailProgram} in a child JVM. */
final class AngusMailClient implements InteropClient {
    private static ExternalProgram program() {
        return ChildJvm.program("dev.mailguard.it.clients.AngusMailProgram");
    }

    @Override
    public String name() {
        return "Angus Mail";
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

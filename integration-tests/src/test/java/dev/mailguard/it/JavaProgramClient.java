package dev.mailguard.it;

/**
 * A Java mail library driven by a small program of {@code dev.mailguard.it.clients}, run in a child
 * JVM whose class path holds only that library: Angus Mail (Jakarta Mail) and Apache commons-net.
 */
final class JavaProgramClient implements InteropClient {
    private final String name;
    private final String mainClass;

    private JavaProgramClient(String name, String mainClass) {
        this.name = name;
        this.mainClass = mainClass;
    }

    static JavaProgramClient angusMail() {
        return new JavaProgramClient("Angus Mail", "dev.mailguard.it.clients.AngusMailProgram");
    }

    static JavaProgramClient commonsNet() {
        return new JavaProgramClient("commons-net", "dev.mailguard.it.clients.CommonsNetProgram");
    }

    private ExternalProgram program() {
        return ChildJvm.program(mainClass);
    }

    @Override
    public String name() {
        return name;
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

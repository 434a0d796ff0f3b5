package io.ebpf4j.examples;

import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ebpf4j doctor}: what this kernel and process can do with BPF, with a remedy for everything
 * missing. Exits {@value #EXIT_OK} when the basics are there, {@value #EXIT_BASICS_MISSING} when
 * libbpf is unusable or BPF programs cannot be loaded (no privilege, no bpf() syscall).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Probe the kernel: BPF program/map types, helpers, attach kinds, privileges, filesystems, "
                + "BTF/CO-RE, lockdown, JIT; with remedies and fallbacks.")
public final class DoctorCommand implements Callable<Integer> {
    /** The basics are there. */
    public static final int EXIT_OK = 0;
    /** libbpf unusable, or no privilege to load BPF programs, or no bpf() syscall. */
    public static final int EXIT_BASICS_MISSING = 2;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CapabilityReport report = KernelCapabilities.probe();
        PrintStream out = System.out;
        if (json) {
            out.println(DoctorJson.render(report));
        } else {
            out.print(DoctorText.render(report));
        }
        List<String> basics = report.basicsMissing();
        if (!basics.isEmpty()) {
            System.err.println("ebpf4j doctor: the basics are missing (" + basics.size() + "), see "
                    + (json ? "\"basicsMissing\"" : "VERDICT") + "; exit code " + EXIT_BASICS_MISSING);
            return EXIT_BASICS_MISSING;
        }
        return EXIT_OK;
    }
}

package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same fits give the same bits in the interpreter, in C1 and in C2, and on every JDK given: each
 * configuration runs {@link LossHistoryPrinter} in a child JVM and every loss point, validation loss and
 * final parameter must match the first configuration's, bit for bit.
 *
 * <p>Kernels are compared among themselves: the SIMD kernel (child with {@code --add-modules
 * jdk.incubator.vector}) and the scalar kernel (child without the module). Further JDKs to compare with come
 * from the system property {@code estimator.test.jdks} (Java homes separated by commas; those that do not
 * exist are skipped), which {@code .ci/run} sets.
 */
class JitTierIndependenceTest {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** JIT settings and how often the fits are repeated in one JVM (later repeats run compiled code). */
    private static final List<Tier> TIERS = List.of(
            new Tier("interpreter", List.of("-Xint"), 1),
            new Tier("C1", List.of("-XX:TieredStopAtLevel=1"), 3),
            new Tier("C2 only", List.of("-XX:-TieredCompilation"), 4),
            new Tier("tiered (C1 then C2)", List.of(), 6));

    record Tier(String name, List<String> flags, int repeats) {
    }

    @Test
    void vectorKernelGivesTheSameBitsInEveryTier() throws Exception {
        assertSameBitsEverywhere(true, "vector256");
    }

    @Test
    void scalarKernelGivesTheSameBitsInEveryTier() throws Exception {
        assertSameBitsEverywhere(false, "scalar");
    }

    private void assertSameBitsEverywhere(boolean vector, String kernel) throws Exception {
        Path thisJdk = Path.of(System.getProperty("java.home"));
        String reference = null;
        String referenceName = null;
        List<String> compared = new ArrayList<>();
        for (Path jdk : jdks(thisJdk)) {
            for (Tier tier : TIERS) {
                // other JDKs: the two extremes are enough
                if (!jdk.equals(thisJdk) && tier.repeats() > 1 && tier.flags().size() == 1) {
                    continue;
                }
                String name = jdk.getFileName() + " " + tier.name();
                List<String> repeats = run(jdk, tier, vector);
                assertThat(repeats).as(name + ": repeats").hasSize(tier.repeats());
                for (int r = 0; r < repeats.size(); r++) {
                    String output = repeats.get(r);
                    assertThat(output).as(name).startsWith("kernel " + kernel + "\n");
                    if (reference == null) {
                        reference = output;
                        referenceName = name;
                    } else {
                        assertThat(output).as("%s, repeat %d, against %s", name, r, referenceName)
                                .isEqualTo(reference);
                    }
                }
                compared.add(name);
            }
        }
        assertThat(compared).hasSizeGreaterThanOrEqualTo(TIERS.size());
        System.out.println(kernel + ": identical bits in " + compared);
    }

    private static List<Path> jdks(Path thisJdk) {
        List<Path> out = new ArrayList<>(List.of(thisJdk));
        String extra = System.getProperty("estimator.test.jdks", "");
        for (String home : extra.split(",")) {
            Path p = home.isBlank() ? null : Path.of(home.trim());
            if (p != null && Files.isExecutable(p.resolve("bin/java")) && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The output of each repeat in a child JVM of that JDK and tier. */
    private static List<String> run(Path jdk, Tier tier, boolean vector) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin/java").toString());
        command.addAll(tier.flags());
        if (vector) {
            command.add("--add-modules");
            command.add(VECTOR_MODULE);
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LossHistoryPrinter.class.getName(), Integer.toString(tier.repeats())));
        Path log = Files.createTempFile("tier", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + command);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit of %s:%n%s", command, output).isZero();
            // the JVM's warning about incubator modules goes first; the repeats follow
            int start = output.indexOf("repeat 0\n");
            assertThat(start).as("output of %s:%n%s", command, output).isNotNegative();
            List<String> repeats = new ArrayList<>(Arrays.asList(output.substring(start).split("repeat \\d+\n")));
            repeats.removeIf(String::isEmpty);
            return repeats;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

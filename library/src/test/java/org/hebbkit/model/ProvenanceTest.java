package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hebbkit.engine.MatMul;
import org.junit.jupiter.api.Test;

/** What a run records about the order of its float sums: the processor, its instruction sets, threads, kernel. */
class ProvenanceTest {

    @Test
    void instructionSetsAreTheListedOnesTheProcessorReportsInTheListsOrder() {
        // an AMD EPYC (Zen 5) flags line, shortened
        String zen5 = "fpu vme de pse tsc msr pae mce cx8 apic sep sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb"
                + " rdtscp lm pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand bmi1 avx2"
                + " bmi2 avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx_vnni avx512_bf16 avx512vbmi"
                + " avx512_vnni avx512_vp2intersect";
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                "avx512_bf16"), Provenance.Numerics.instructionSets(zen5));
        // a Neoverse V1's Features line
        assertEquals(List.of("asimd", "asimddp", "sve"), Provenance.Numerics.instructionSets(
                "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm asimddp sve"));
        assertEquals(List.of(), Provenance.Numerics.instructionSets(null));
        assertEquals(List.of(), Provenance.Numerics.instructionSets("fpu vme sse sse2"), "none of the listed ones");
    }

    @Test
    void fieldsAreReadByTheirWholeName() {
        List<String> lines = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26",
                "model\t\t: 2", "model name\t: AMD EPYC", "flags\t\t: fpu avx2");
        assertEquals("AuthenticAMD", Provenance.field(lines, "vendor_id"));
        assertEquals("2", Provenance.field(lines, "model"), "not the 'model name' line");
        assertEquals("AMD EPYC", Provenance.field(lines, "model name"));
        assertEquals("26", Provenance.field(lines, "cpu family"));
        assertNull(Provenance.field(lines, "stepping"));
    }

    @Test
    void thisProcessIsRecordedAsProcCpuinfoAndMatMulSayIt() throws IOException {
        Provenance.Numerics numerics = Provenance.Numerics.current();
        assertEquals(MatMul.engineThreads(), numerics.engineThreads());
        assertEquals(MatMul.describe(), numerics.matmul());
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            List<String> first = Files.readAllLines(cpuinfo).stream().takeWhile(line -> !line.isBlank()).toList();
            String vendor = Provenance.field(first, "vendor_id");
            if (vendor != null) {
                assertEquals(vendor + " family " + Provenance.field(first, "cpu family") + " model "
                        + Provenance.field(first, "model"), numerics.cpuId());
                assertEquals(Provenance.Numerics.instructionSets(Provenance.field(first, "flags")), numerics.instructionSets());
            }
        }
        JsonObject json = new Provenance(new Provenance.Versions("v", "d", "e", "j"),
                new Provenance.Machine("os", "arch", "cpu", 2, 1), numerics).toJson().getAsJsonObject("numerics");
        assertEquals(java.util.Set.of("cpu_id", "instruction_sets", "engine_threads", "matmul"), json.keySet());
        assertEquals(numerics.instructionSets().size(), json.getAsJsonArray("instruction_sets").size());
        assertTrue(json.get("matmul").getAsString().startsWith(MatMul.kernel().name().toLowerCase(java.util.Locale.ROOT)));
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> new Provenance.Numerics("x", List.of(), 0, "engine"));
        assertEquals("engineThreads must be at least 1, got 0", threads.getMessage());
    }
}

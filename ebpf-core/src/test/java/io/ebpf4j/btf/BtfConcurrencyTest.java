package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Several threads reading one {@link Btf} while another closes it: every read succeeds or fails cleanly. */
class BtfConcurrencyTest {

    @Test
    void closeRacingWithLookupsNeverCrashes() throws Exception {
        for (int round = 0; round < 3; round++) {
            Btf btf = Btf.vmlinux();
            int count = btf.typeCount();
            AtomicBoolean go = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        long ok = 0;
                        long refused = 0;
                        while (!go.get()) {
                            Thread.onSpinWait();
                        }
                        for (int i = 0; i < 200_000; i++) {
                            try {
                                BtfType type = btf.type(ThreadLocalRandom.current().nextInt(1, count));
                                btf.find(type.name().isEmpty() ? "task_struct" : type.name(), type.kind());
                                ok++;
                            } catch (BpfException e) {
                                refused++;
                                if (refused > 1000) {
                                    break;
                                }
                            }
                        }
                        return new long[] {ok, refused};
                    }));
                }
                go.set(true);
                Thread.sleep(20);
                btf.close();
                long ok = 0;
                for (Future<long[]> f : results) {
                    ok += f.get()[0];
                }
                assertTrue(ok > 0, "some lookups ran before the close");
                assertTrue(btf.isClosed());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void splitBtfCreatedWhileItsBaseClosesEndsUpClosedOrRefused() throws Exception {
        for (int round = 0; round < 3; round++) {
            Btf base = Btf.vmlinux();
            byte[] split = BtfTestSupport.splitBytes(base);
            List<Btf> created = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            try {
                                Btf s = Btf.fromBytes(split, base);
                                created.add(s);
                                s.type(base.typeCount());
                                s.find("ebpf4j_split_t", BtfKind.TYPEDEF);
                            } catch (BpfException e) {
                                return null; // the base was closed: refused cleanly
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(10);
                base.close();
                for (Future<?> f : workers) {
                    f.get();
                }
                for (Btf s : created) {
                    assertTrue(s.isClosed(), "split BTF outlived its base: " + s);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void concurrentFirstLookupsAgree() throws Exception {
        try (Btf btf = Btf.vmlinux()) {
            int id = btf.find("sk_buff", BtfKind.STRUCT).orElseThrow().id();
            try (Btf fresh = Btf.vmlinux()) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<BtfType>> all = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        all.add(pool.submit(() -> fresh.type(id)));
                    }
                    BtfType first = all.get(0).get();
                    for (Future<BtfType> f : all) {
                        assertTrue(first == f.get(), "one cached instance");
                    }
                    assertEquals(btf.type(id), first);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}

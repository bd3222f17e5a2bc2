import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Two builds in one JVM, each in its own class loader, their rounds interleaved (the order alternating), timed in
 * thread CPU time: on a machine whose runs differ by a third from one JVM to the next, only a comparison inside one
 * run settles a 10% change. Arguments: old classes, new classes, a class path for both (the harness, JMH-free test
 * classes, the dependencies), rounds, seconds per round, workloads.
 */
public class AB {
    public static void main(String[] a) throws Exception {
        String[] builds = {a[0], a[1]};
        int rounds = Integer.parseInt(a[3]);
        double seconds = Double.parseDouble(a[4]);
        List<String> works = Arrays.asList(a).subList(5, a.length);
        Runnable[][] run = new Runnable[2][works.size()];
        for (int b = 0; b < 2; b++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(builds[b]).toUri().toURL());
            for (String s : a[2].split(":")) urls.add(Path.of(s).toUri().toURL());
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            @SuppressWarnings("unchecked")
            Function<String, Runnable> work = (Function<String, Runnable>) loader.loadClass("Work").getDeclaredConstructor().newInstance();
            for (int w = 0; w < works.size(); w++) run[b][w] = work.apply(works.get(w));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] micros = new double[2][works.size()][rounds];
        for (int r = -2; r < rounds; r++)  // two rounds of warm-up
            for (int w = 0; w < works.size(); w++)
                for (int i = 0; i < 2; i++) {
                    int b = (r & 1) == 0 ? i : 1 - i;
                    long end = System.nanoTime() + (long) (seconds * 1e9), cpu = threads.getCurrentThreadCpuTime();
                    int n = 0;
                    while (System.nanoTime() < end) { run[b][w].run(); n++; }
                    if (r >= 0) micros[b][w][r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
                }
        for (int w = 0; w < works.size(); w++) {
            double[] median = new double[2];
            for (int b = 0; b < 2; b++) {
                double[] s = micros[b][w].clone();
                Arrays.sort(s);
                median[b] = s[rounds / 2];
            }
            System.out.printf("%-10s old %10.1f us  new %10.1f us  new/old %.3f%n", works.get(w), median[0], median[1], median[1] / median[0]);
        }
    }
}

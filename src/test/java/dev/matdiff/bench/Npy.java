package dev.matdiff.bench;

import dev.matdiff.linalg.Dense;

import org.apache.commons.math3.linear.RealMatrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for float64 matrices, C order: what the side-by-side
 * benchmark hands to NumPy. A column vector is written with shape (n,), a scalar with shape ().
 */
final class Npy {
    private Npy() {}

    static void write(Path file, RealMatrix m) throws IOException {
        int r = m.getRowDimension(), c = m.getColumnDimension();
        String shape = r == 1 && c == 1 ? "()" : c == 1 ? "(" + r + ",)" : "(" + r + ", " + c + ")";
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header += " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 8 * r * c).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        for (double v : Dense.flat(m)) b.putDouble(v);
        Files.write(file, b.array());
    }

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static Dense read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int length = b.getShort() & 0xffff;
        byte[] h = new byte[length];
        b.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) throw new IOException(file + ": not a C-order float64 array");
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) throw new IOException(file + ": no shape");
        String[] dims = s.group(1).replace(" ", "").split(",");
        int r = dims[0].isEmpty() ? 1 : Integer.parseInt(dims[0]);
        int c = dims.length > 1 && !dims[1].isEmpty() ? Integer.parseInt(dims[1]) : 1;
        double[] d = new double[r * c];
        for (int i = 0; i < d.length; i++) d[i] = b.getDouble();
        return new Dense(r, c, d);
    }
}

package dev.matdiff.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * k-layer networks as matdiff programs: {@code h_i = W_i*z_{i-1} + b_i*ones(N)'},
 * {@code z_i = tanh(h_i)}, {@code z_0 = X}, and the squared loss {@code L = sqnorm(z_k - Y)};
 * every layer has width n and the batch has N columns.
 */
public final class Networks {
    private Networks() {}

    /** How the layers are written. */
    public enum Form {
        /** one definition per h_i and z_i: what staged derivation goes through stage by stage */
        NAMED,
        /** the loss as one nested expression with no intermediates */
        NESTED
    }

    /** The program text for a k-layer network. */
    public static String program(int k, Form form) {
        StringBuilder s = new StringBuilder();
        s.append("matrix X(n, N) constant\n");
        s.append("matrix Y(n, N) constant\n");
        for (int i = 1; i <= k; i++) s.append("matrix W_").append(i).append("(n, n)\n");
        for (int i = 1; i <= k; i++) s.append("vector b_").append(i).append("(n) constant\n");
        if (form == Form.NAMED) {
            String z = "X";
            for (int i = 1; i <= k; i++) {
                s.append("h_").append(i).append(" = W_").append(i).append('*').append(z)
                        .append(" + b_").append(i).append("*ones(N)'\n");
                s.append("z_").append(i).append(" = tanh(h_").append(i).append(")\n");
                z = "z_" + i;
            }
            s.append("L = sqnorm(").append(z).append(" - Y)\n");
        } else {
            String z = "X";
            for (int i = 1; i <= k; i++) z = "tanh(W_" + i + "*" + z + " + b_" + i + "*ones(N)')";
            s.append("L = sqnorm(").append(z).append(" - Y)\n");
        }
        return s.toString();
    }

    /** W_1, …, W_k. */
    public static List<String> weights(int k) {
        List<String> out = new ArrayList<>(k);
        for (int i = 1; i <= k; i++) out.add("W_" + i);
        return out;
    }
}

package io.mercator.vision.model.onnx;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message being written, field by field, with protobuf-java's wire encoder. ONNX's
 * schema is small and stable, so the few messages a model needs are written by field number here
 * rather than generated from {@code onnx.proto}.
 */
final class ProtoMessage {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    ProtoMessage string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    ProtoMessage int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    /** A repeated int64 field, one entry per value (unpacked, as proto2 writes it). */
    ProtoMessage int64s(int field, long... values) {
        return write(() -> {
            for (long v : values) {
                out.writeInt64(field, v);
            }
        });
    }

    ProtoMessage bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    ProtoMessage message(int field, ProtoMessage value) {
        return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private ProtoMessage write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return this;
    }
}

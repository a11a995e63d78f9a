package io.weir.transport.tcp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes frames in wire format into a caller's buffer. Stateless; any thread. DATA frames are built in
 * place with {@link #beginData} / {@link #appendRecord} / {@link #finishData} so records are copied once.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /** Writes one control or OPEN frame; the frame's buffers are not released. */
    public static void write(Frame frame, ByteBuf out) {
        switch (frame) {
            case Frame.Open open -> writeOpen(open, out);
            case Frame.Data data -> {
                header(out, data.content().readableBytes() + 4, FrameType.DATA, 0, data.streamId());
                out.writeInt(data.recordCount()).writeBytes(data.content(), data.content().readerIndex(),
                        data.content().readableBytes());
            }
            case Frame.Credit credit -> header(out, 4, FrameType.CREDIT, 0, credit.streamId()).writeInt(credit.credits());
            case Frame.End end -> header(out, 0, FrameType.END, 0, end.streamId());
            case Frame.Error error -> {
                byte[] message = error.message().getBytes(StandardCharsets.UTF_8);
                header(out, 4 + message.length, FrameType.ERROR, 0, error.streamId())
                        .writeInt(error.code().code()).writeBytes(message);
            }
            case Frame.Cancel cancel ->
                    header(out, 0, FrameType.CANCEL, cancel.graceful() ? Frame.FLAG_GRACEFUL : 0, cancel.streamId());
            case Frame.Ping ping -> header(out, 8, FrameType.PING, 0, 0).writeLong(ping.payload());
            case Frame.Pong pong -> header(out, 8, FrameType.PONG, 0, 0).writeLong(pong.payload());
        }
    }

    private static void writeOpen(Frame.Open open, ByteBuf out) {
        int start = out.writerIndex();
        header(out, 0, FrameType.OPEN, open.end() ? Frame.FLAG_END : 0, open.streamId());
        out.writeInt(open.initialCredit());
        out.writeShort(open.params().size());
        for (Map.Entry<String, String> e : open.params().entrySet()) {
            int keyAt = out.writerIndex();
            out.writeShort(0);
            int keyBytes = ByteBufUtil.writeUtf8(out, e.getKey());
            if (keyBytes > 0xFFFF) {
                throw new IllegalArgumentException("OPEN parameter name longer than 65535 bytes: " + keyBytes);
            }
            out.setShort(keyAt, keyBytes);
            int valueAt = out.writerIndex();
            out.writeInt(0);
            out.setInt(valueAt, ByteBufUtil.writeUtf8(out, e.getValue()));
        }
        out.writeBytes(open.content(), open.content().readerIndex(), open.content().readableBytes());
        out.setInt(start, out.writerIndex() - start - Frame.HEADER_BYTES);
    }

    /** Starts a DATA frame at the buffer's writer index; returns the index to pass to {@link #finishData}. */
    public static int beginData(ByteBuf out, int streamId) {
        int start = out.writerIndex();
        header(out, 0, FrameType.DATA, 0, streamId).writeInt(0);
        return start;
    }

    /** Appends one record to the DATA frame being built. */
    public static void appendRecord(ByteBuf out, byte[] record) {
        out.writeInt(record.length).writeBytes(record);
    }

    /** Appends one record (its readable bytes) to the DATA frame being built. */
    public static void appendRecord(ByteBuf out, ByteBuf record) {
        out.writeInt(record.readableBytes()).writeBytes(record, record.readerIndex(), record.readableBytes());
    }

    /** Completes the DATA frame begun at {@code start}, filling in its length and record count. */
    public static void finishData(ByteBuf out, int start, int recordCount) {
        out.setInt(start, out.writerIndex() - start - Frame.HEADER_BYTES);
        out.setInt(start + Frame.HEADER_BYTES, recordCount);
    }

    private static ByteBuf header(ByteBuf out, int payloadBytes, FrameType type, int flags, int streamId) {
        return out.writeInt(payloadBytes).writeByte(type.code()).writeByte(flags).writeInt(streamId);
    }
}

package io.weir.transport.tcp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns bytes into validated {@link Frame}s. A malformed or oversize frame raises
 * {@link FrameFormatException} once; every byte after it is discarded, since the stream can no longer
 * be parsed. One instance per channel, used only on its event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;
    private boolean failed;

    /** A decoder that rejects frames (header included) longer than {@code maxFrameBytes}. */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < Frame.HEADER_BYTES + 8) {
            throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: >= 18)");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= Frame.HEADER_BYTES) {
            int start = in.readerIndex();
            long payloadBytes = in.getUnsignedInt(start);
            if (payloadBytes > maxFrameBytes - Frame.HEADER_BYTES) {
                throw fail(in, ErrorCode.FRAME_TOO_LARGE, "frame of " + (payloadBytes + Frame.HEADER_BYTES)
                        + " bytes exceeds the maximum of " + maxFrameBytes);
            }
            if (in.readableBytes() < Frame.HEADER_BYTES + payloadBytes) {
                return;
            }
            int typeCode = in.getUnsignedByte(start + 4);
            int flags = in.getUnsignedByte(start + 5);
            int streamId = in.getInt(start + 6);
            FrameType type = FrameType.fromCode(typeCode);
            if (type == null) {
                throw fail(in, ErrorCode.PROTOCOL, "unknown frame type 0x" + Integer.toHexString(typeCode));
            }
            if (type.connectionLevel() != (streamId == 0) && type != FrameType.ERROR) {
                throw fail(in, ErrorCode.PROTOCOL, type + " frame with stream id " + streamId);
            }
            ByteBuf payload = in.slice(start + Frame.HEADER_BYTES, (int) payloadBytes);
            Frame frame = parse(type, flags, streamId, payload, in);
            in.readerIndex(start + Frame.HEADER_BYTES + (int) payloadBytes);
            out.add(frame);
        }
    }

    private Frame parse(FrameType type, int flags, int streamId, ByteBuf p, ByteBuf in) {
        return switch (type) {
            case OPEN -> parseOpen(streamId, flags, p, in);
            case DATA -> parseData(streamId, p, in);
            case CREDIT -> {
                expectLength(type, p, 4, in);
                int credits = p.getInt(p.readerIndex());
                if (credits <= 0) {
                    throw fail(in, ErrorCode.PROTOCOL, "CREDIT of " + credits + " on stream " + streamId);
                }
                yield new Frame.Credit(streamId, credits);
            }
            case END -> {
                expectLength(type, p, 0, in);
                yield new Frame.End(streamId);
            }
            case ERROR -> {
                if (p.readableBytes() < 4) {
                    throw fail(in, ErrorCode.PROTOCOL, "ERROR frame of " + p.readableBytes() + " payload bytes");
                }
                String message = p.toString(p.readerIndex() + 4, p.readableBytes() - 4, StandardCharsets.UTF_8);
                yield new Frame.Error(streamId, ErrorCode.fromCode(p.getInt(p.readerIndex())), message);
            }
            case CANCEL -> {
                expectLength(type, p, 0, in);
                yield new Frame.Cancel(streamId, (flags & Frame.FLAG_GRACEFUL) != 0);
            }
            case PING -> {
                expectLength(type, p, 8, in);
                yield new Frame.Ping(p.getLong(p.readerIndex()));
            }
            case PONG -> {
                expectLength(type, p, 8, in);
                yield new Frame.Pong(p.getLong(p.readerIndex()));
            }
        };
    }

    private Frame.Open parseOpen(int streamId, int flags, ByteBuf p, ByteBuf in) {
        int at = p.readerIndex();
        int end = at + p.readableBytes();
        if (end - at < 6) {
            throw fail(in, ErrorCode.PROTOCOL, "OPEN frame without initial credit and parameter count");
        }
        int initialCredit = p.getInt(at);
        if (initialCredit < 0) {
            throw fail(in, ErrorCode.PROTOCOL, "OPEN with initial credit " + initialCredit);
        }
        int count = p.getUnsignedShort(at + 4);
        at += 6;
        Map<String, String> params = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            if (end - at < 2) {
                throw fail(in, ErrorCode.PROTOCOL, "OPEN parameter " + i + " truncated");
            }
            int keyBytes = p.getUnsignedShort(at);
            at += 2;
            if (end - at < keyBytes + 4L) {
                throw fail(in, ErrorCode.PROTOCOL, "OPEN parameter " + i + " truncated");
            }
            String key = p.toString(at, keyBytes, StandardCharsets.UTF_8);
            at += keyBytes;
            long valueBytes = p.getUnsignedInt(at);
            at += 4;
            if (end - at < valueBytes) {
                throw fail(in, ErrorCode.PROTOCOL, "OPEN parameter " + key + " truncated");
            }
            params.put(key, p.toString(at, (int) valueBytes, StandardCharsets.UTF_8));
            at += (int) valueBytes;
        }
        return new Frame.Open(streamId, params, p.retainedSlice(at, end - at), (flags & Frame.FLAG_END) != 0,
                initialCredit);
    }

    private Frame.Data parseData(int streamId, ByteBuf p, ByteBuf in) {
        int at = p.readerIndex();
        int end = at + p.readableBytes();
        if (end - at < 4) {
            throw fail(in, ErrorCode.PROTOCOL, "DATA frame without a record count");
        }
        long count = p.getUnsignedInt(at);
        at += 4;
        int recordsStart = at;
        for (long i = 0; i < count; i++) {
            if (end - at < 4) {
                throw fail(in, ErrorCode.PROTOCOL, "DATA frame declares " + count + " records, holds " + i);
            }
            long length = p.getUnsignedInt(at);
            if (end - at - 4 < length) {
                throw fail(in, ErrorCode.PROTOCOL, "DATA record " + i + " overruns its frame");
            }
            at += 4 + (int) length;
        }
        if (at != end) {
            throw fail(in, ErrorCode.PROTOCOL, "DATA frame has " + (end - at) + " bytes after its last record");
        }
        return new Frame.Data(streamId, (int) count, p.retainedSlice(recordsStart, end - recordsStart));
    }

    private void expectLength(FrameType type, ByteBuf payload, int expected, ByteBuf in) {
        if (payload.readableBytes() != expected) {
            throw fail(in, ErrorCode.PROTOCOL,
                    type + " frame of " + payload.readableBytes() + " payload bytes (expected: " + expected + ")");
        }
    }

    private FrameFormatException fail(ByteBuf in, ErrorCode code, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new FrameFormatException(code, message);
    }
}

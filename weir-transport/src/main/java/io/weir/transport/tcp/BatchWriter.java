package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.weir.transport.tcp.frame.Frame;
import io.weir.transport.tcp.frame.FrameWriter;

/**
 * Packs records of many streams into DATA frames inside fixed-size output buffers, so one socket write
 * carries many records and many frames. A buffer is written out when full or when the drain ends.
 * Event loop only.
 */
final class BatchWriter {

    private static final int DATA_OVERHEAD = Frame.HEADER_BYTES + 4;

    private final ChannelHandlerContext ctx;
    private final int bufferBytes;
    private ByteBuf out;
    private int frameStart = -1;
    private int frameStream;
    private int frameRecords;

    BatchWriter(ChannelHandlerContext ctx, int bufferBytes) {
        this.ctx = ctx;
        this.bufferBytes = bufferBytes;
    }

    /** Appends a record ({@code byte[]} or {@link ByteBuf}, which is released) to {@code streamId}'s frame. */
    int record(int streamId, Object record) {
        int length = record instanceof byte[] bytes ? bytes.length : ((ByteBuf) record).readableBytes();
        if (frameStart >= 0 && frameStream != streamId) {
            endData();
        }
        int needed = 4 + length + (frameStart < 0 ? DATA_OVERHEAD : 0);
        if (out == null || out.writableBytes() < needed) {
            writeOut();
            out = ctx.alloc().ioBuffer(Math.max(bufferBytes, DATA_OVERHEAD + 4 + length));
            needed = 4 + length + DATA_OVERHEAD;
        }
        if (frameStart < 0) {
            frameStart = FrameWriter.beginData(out, streamId);
            frameStream = streamId;
            frameRecords = 0;
        }
        if (record instanceof byte[] bytes) {
            FrameWriter.appendRecord(out, bytes);
        } else {
            ByteBuf buf = (ByteBuf) record;
            try {
                FrameWriter.appendRecord(out, buf);
            } finally {
                buf.release();
            }
        }
        frameRecords++;
        return needed;
    }

    /** Appends a control frame after any open DATA frame. */
    void control(Frame frame) {
        endData();
        if (out == null || out.writableBytes() < 256) {
            writeOut();
            out = ctx.alloc().ioBuffer(Math.max(256, bufferBytes / 16));
        }
        FrameWriter.write(frame, out);
    }

    /** Closes the open DATA frame, if any. */
    void endData() {
        if (frameStart >= 0) {
            FrameWriter.finishData(out, frameStart, frameRecords);
            frameStart = -1;
        }
    }

    /** Hands the current buffer to the channel (not flushed). */
    void writeOut() {
        endData();
        if (out != null) {
            if (out.isReadable()) {
                ctx.write(out, ctx.voidPromise());
            } else {
                out.release();
            }
            out = null;
        }
    }

    /** Drops the current buffer; the connection is gone. */
    void release() {
        if (out != null) {
            out.release();
            out = null;
            frameStart = -1;
        }
    }
}

/**
 * A small Debug Adapter Protocol client over TCP, for talking to a headless Delve (`dlv --headless`, which
 * speaks DAP on its listen port): the setup checks use it, and the tests drive a whole debug session with it.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  arguments?: any;
  body?: any;
}

/** DAP's wire format: a Content-Length header, a blank line, the JSON body. */
export function frame(message: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${payload.length}\r\n\r\n`, 'ascii'), payload]);
}

/** Cuts a byte stream into DAP messages. */
export class MessageReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): DapMessage[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: DapMessage[] = [];
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return messages;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (!Number.isFinite(length) || this.buffer.length < headerEnd + 4 + length) return messages;
      messages.push(JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as DapMessage);
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    }
  }
}

export class DapError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(`${command}: ${message}`);
  }
}

export class DapClient extends EventEmitter {
  private seq = 1;
  private readonly reader = new MessageReader();
  private readonly pending = new Map<number, { command: string; resolve: (m: DapMessage) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk) => this.read(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const { command, reject } of this.pending.values()) reject(new DapError(command, 'the debugger closed the connection'));
      this.pending.clear();
      this.emit('close');
    });
    socket.on('error', (error) => this.emit('error', error));
  }

  /** Connects to `host:port`; rejects with the socket error (ECONNREFUSED when nothing listens). */
  static connect(host: string, port: number, timeoutMs = 5000): Promise<DapClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new DapClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request<Body = any>(command: string, args?: unknown, timeoutMs = 15000): Promise<Body> {
    if (this.closed) return Promise.reject(new DapError(command, 'the connection is closed'));
    const seq = this.seq++;
    this.socket.write(frame({ seq, type: 'request', command, arguments: args }));
    return new Promise<Body>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new DapError(command, `no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        command,
        resolve: (m) => {
          clearTimeout(timer);
          if (m.success) resolve(m.body as Body);
          else reject(new DapError(command, m.body?.error?.format ?? m.message ?? 'failed'));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Resolves with the body of the next event of this name (optionally matching a condition). */
  waitForEvent<Body = any>(event: string, timeoutMs = 15000, until: (body: Body) => boolean = () => true): Promise<Body> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(`event:${event}`, listener);
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (body: Body) => {
        if (!until(body)) return;
        clearTimeout(timer);
        this.off(`event:${event}`, listener);
        resolve(body);
      };
      this.on(`event:${event}`, listener);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer) {
    for (const message of this.reader.push(chunk)) {
      if (message.type === 'response') {
        this.pending.get(message.request_seq!)?.resolve(message);
        this.pending.delete(message.request_seq!);
      } else if (message.type === 'event') {
        this.emit(`event:${message.event}`, message.body);
        this.emit('event', message);
      }
    }
  }
}

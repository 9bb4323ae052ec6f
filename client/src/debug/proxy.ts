/**
 * Sits between VS Code and the container's Delve, passing DAP messages through unchanged, with one addition:
 * when the user stops debugging, it first clears the breakpoints it set. Delve keeps breakpoints after a
 * client disconnects, so without this the next request would stop at a breakpoint nobody is watching and the
 * service would hang (seen with Delve 1.27: the program is left running, its breakpoints are not removed).
 * No `vscode` import: VS Code wraps it in a DebugAdapterInlineImplementation, tests drive it directly.
 */
import * as net from 'node:net';
import { frame, MessageReader, type DapMessage } from './dap';

type Listener = (message: DapMessage) => void;

export class DelveProxy {
  private socket: net.Socket | undefined;
  private readonly reader = new MessageReader();
  private ended = false;
  private readonly listeners: Listener[] = [];
  private readonly breakpointSources = new Map<string, unknown>();
  private functionBreakpoints = false;
  private seq = 1_000_000;
  private readonly internal = new Map<number, () => void>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Like vscode.DebugAdapter.onDidSendMessage. */
  readonly onDidSendMessage = (listener: Listener) => {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  };

  /** A message from VS Code. */
  handleMessage(message: DapMessage): void {
    if (message.type === 'request' && message.command === 'setBreakpoints') {
      const source = message.arguments?.source;
      const key = source?.path ?? source?.name;
      if (key) {
        if ((message.arguments?.breakpoints ?? []).length > 0) this.breakpointSources.set(key, source);
        else this.breakpointSources.delete(key);
      }
    }
    if (message.type === 'request' && message.command === 'setFunctionBreakpoints') this.functionBreakpoints = (message.arguments?.breakpoints ?? []).length > 0;
    if (message.type === 'request' && message.command === 'disconnect' && this.ended) {
      // Delve is gone (VS Code disconnects after the proxy's `terminated`): answer here, nobody else can.
      this.emit({ seq: 0, type: 'response', request_seq: message.seq, command: 'disconnect', success: true } as DapMessage);
      return;
    }
    if (message.type === 'request' && message.command === 'disconnect') {
      void this.clearBreakpoints().then(() => this.send({ ...message, arguments: { ...message.arguments, terminateDebuggee: false, suspendDebuggee: false } }));
      return;
    }
    this.send(message);
  }

  dispose(): void {
    this.socket?.destroy();
  }

  private async clearBreakpoints(): Promise<void> {
    const requests: Promise<void>[] = [];
    for (const source of this.breakpointSources.values()) requests.push(this.internalRequest('setBreakpoints', { source, breakpoints: [] }));
    if (this.functionBreakpoints) requests.push(this.internalRequest('setFunctionBreakpoints', { breakpoints: [] }));
    this.breakpointSources.clear();
    // Bounded: a Delve that does not answer must not keep the user's Stop waiting.
    await Promise.race([Promise.all(requests), new Promise((r) => setTimeout(r, 2000))]);
  }

  /** A request of the proxy's own; its response is not passed on to VS Code. */
  private internalRequest(command: string, args: unknown): Promise<void> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.internal.set(seq, resolve);
      this.send({ seq, type: 'request', command, arguments: args } as DapMessage);
    });
  }

  private send(message: DapMessage) {
    const socket = (this.socket ??= this.connect());
    socket.write(frame(message));
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port });
    socket.on('data', (chunk) => this.read(chunk));
    // Delve going away (an air rebuild) ends the session once; the re-attach logic takes it from there.
    const end = (reason: string) => {
      if (this.ended) return;
      this.ended = true;
      this.emit({ seq: 0, type: 'event', event: 'terminated', body: { reason } } as DapMessage);
    };
    socket.on('error', (error) => end(error.message));
    socket.on('close', () => end('closed'));
    return socket;
  }

  private read(chunk: Buffer) {
    for (const message of this.reader.push(chunk)) {
      const own = message.type === 'response' ? this.internal.get(message.request_seq!) : undefined;
      if (own) {
        this.internal.delete(message.request_seq!);
        own();
      } else this.emit(message);
    }
  }

  private emit(message: DapMessage) {
    for (const listener of [...this.listeners]) listener(message);
  }
}


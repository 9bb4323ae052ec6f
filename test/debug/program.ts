/** An HTTP service to debug, and the small helpers the debugger tests share. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

/**
 * A handler with a local (`greeting`) on line 12, where the tests set their breakpoint. It listens on
 * 127.0.0.1:$PORT when PORT is set (on the machine), else on every interface of the container at `port`.
 */
export function mainGo(greeting = 'hello', port = 8080): string {
  return `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		greeting := "${greeting} " + r.URL.Query().Get("name")
		fmt.Fprintln(w, greeting)
	})
	fmt.Println("serve:", http.ListenAndServe(addr(), nil))
}

func addr() string {
	if port := os.Getenv("PORT"); port != "" {
		return "127.0.0.1:" + port
	}
	return ":${port}"
}
`;
}

/** The line of `fmt.Fprintln(w, greeting)`: `greeting` is set there. */
export const HANDLER_LINE = 12;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export function get(port: number, path: string, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    });
    request.on('timeout', () => request.destroy(new Error(`no response from :${port}${path} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** The processes below pid, read from /proc as air does. */
function descendants(pid: number): number[] {
  const children = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return Number(fs.readFileSync(`/proc/${name}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * SIGKILL to a process and everything below it. Killing Delve alone leaves the program serving: Delve gives
 * it a process group of its own, and a program whose tracer dies runs on.
 */
export function killTree(pid: number): void {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

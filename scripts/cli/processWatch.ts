import * as fs from "node:fs";

/** One process as /proc shows it. */
interface ProcessInfo {
    pid: number;
    ppid: number;
    /** Clock ticks after boot when it started: with the pid, it names one process even when pids are reused. */
    startTime: string;
    command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] === "Z") {
            return undefined; // a zombie has exited; only its parent's wait is missing
        }
        const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
        return { pid, ppid: Number(fields[1]), startTime: fields[19], command };
    } catch {
        return undefined; // gone meanwhile
    }
}

function allProcesses(): ProcessInfo[] {
    return fs
        .readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map((name) => readProcess(Number(name)))
        .filter((p): p is ProcessInfo => p !== undefined);
}

/**
 * Watches the process tree below one process (the `pulumi` CLI a test or the bench started) while it runs, and
 * remembers every descendant it saw: language hosts, the program, provider plugins and their
 * `node` hosts. The CLI starts each plugin in a process group of its own and does not wait for
 * them when it is killed, so they are found by parentage while the CLI lives, and checked by pid
 * and start time after it has gone.
 */
export class ProcessWatch {
    private readonly seen = new Map<number, ProcessInfo>();
    private readonly timer: NodeJS.Timeout;

    constructor(private readonly rootPid: number) {
        this.scan();
        this.timer = setInterval(() => this.scan(), 200);
    }

    /** Records the descendants alive now. */
    scan(): void {
        const children = new Map<number, ProcessInfo[]>();
        for (const p of allProcesses()) {
            children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
        }
        const queue = [this.rootPid];
        while (queue.length) {
            for (const child of children.get(queue.shift()!) ?? []) {
                if (!this.seen.has(child.pid)) {
                    this.seen.set(child.pid, child);
                }
                queue.push(child.pid);
            }
        }
    }

    /** Stops watching (the last scan is the caller's). */
    stop(): void {
        clearInterval(this.timer);
    }

    /** The descendants seen that still run (same pid, same start time). */
    alive(): ProcessInfo[] {
        return [...this.seen.values()].filter((p) => readProcess(p.pid)?.startTime === p.startTime);
    }

    /** Every descendant seen, alive or not: for assertions on what ran. */
    everSeen(): ProcessInfo[] {
        return [...this.seen.values()];
    }

    /** Ends the descendants still running, by pid (only processes this watch saw start below its root). */
    killLeftovers(): ProcessInfo[] {
        const left = this.alive();
        for (const p of left) {
            try {
                process.kill(p.pid, "SIGKILL");
            } catch {
                // exited meanwhile
            }
        }
        return left;
    }
}

"""The suite's processes as Linux's /proc sees them, for the load scripts: which pid runs what, how much
CPU a process (or one of its threads) has used, and the machine a run was measured on. Standard library
only."""
import os
import platform
import re
import subprocess

PROCESSES = {  # name -> pattern matched against /proc/<pid>/cmdline
    "gateway": r"api-gateway\.jar", "coupon-service": r"coupon-service\.jar", "point-service": r"point-service\.jar",
    "timesale-service": r"timesale-service\.jar",
    "mariadb": r"^(/usr/sbin/)?(mariadbd|mysqld)", "redis": r"^(/usr/bin/)?redis-server", "kafka": r"local-kafka\.jar",
}


def find_pids(names=None):
    """{name: pid} of the suite's running processes (the first match of each), only `names` if given."""
    wanted = {name: pattern for name, pattern in PROCESSES.items() if names is None or name in names}
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        for name, pattern in wanted.items():
            if name not in pids and re.search(pattern, cmdline):
                pids[name] = int(entry)
    return pids


def cpu_seconds(stat):
    """User + system CPU seconds from a /proc stat file: a pid (the process, all its threads) or a path
    (e.g. /proc/<pid>/task/<tid>/stat, one thread); None if it cannot be read."""
    path = f"/proc/{stat}/stat" if isinstance(stat, int) else stat
    try:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def first_line(command):
    """The first line a command prints (stdout, else stderr), or "?"."""
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def machine(java_pid=None):
    """What a report says about the machine: host, CPU model, cores, memory (GiB), OS, kernel, and the
    versions of the JVM running `java_pid` (else `java` on the PATH), MariaDB and Redis."""
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    memory = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    os_name = "?"
    try:
        os_name = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release")
                       if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    java = os.path.realpath(f"/proc/{java_pid}/exe") if java_pid else "java"
    return {
        "host": platform.node(), "cpu": cpu, "cores": os.cpu_count(), "memoryGiB": round(memory / 1024 / 1024, 1),
        "os": os_name, "kernel": platform.release(), "java": first_line([java, "-version"]),
        "mariadb": first_line(["mariadb", "--version"]), "redis": first_line(["redis-server", "--version"]),
    }

# gdb commands for Go guests' goroutines that also work on core files, where
# runtime-gdb.py's "goroutine N bt" cannot (it sets $pc and $sp, which needs a
# live process). Loaded by scripts/xen-gdb; see README.md, "Debugging".
#
#   go-bt N     backtrace of goroutine N, from its saved pc/sp/bp, following
#               frame pointers (Go keeps them on amd64)
import gdb


def _goroutines():
    allgs = gdb.parse_and_eval("'runtime.allgs'")
    arr, n = allgs["array"], int(allgs["len"])
    for i in range(n):
        g = arr[i]
        if int(g) != 0:
            yield g.dereference()


def _name(pc):
    blk = gdb.block_for_pc(pc)
    while blk is not None and blk.function is None:
        blk = blk.superblock
    fn = blk.function.name if blk is not None else "??"
    sal = gdb.find_pc_line(pc)
    where = "%s:%d" % (sal.symtab.filename, sal.line) if sal.symtab else ""
    return fn, where


class GoBacktrace(gdb.Command):
    """go-bt N: backtrace of goroutine N from its saved registers (cores too)."""

    def __init__(self):
        super().__init__("go-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        goid = int(arg)
        ptr = gdb.lookup_type("uintptr").pointer()
        for g in _goroutines():
            if int(g["goid"]) != goid:
                continue
            pc, bp = int(g["sched"]["pc"]), int(g["sched"]["bp"])
            look = pc
            for depth in range(64):
                fn, where = _name(look)
                print("#%-2d 0x%016x in %s %s" % (depth, pc, fn, where))
                if bp == 0 or fn in ("runtime.goexit", "??"):
                    return
                pc = int(gdb.Value(bp + 8).cast(ptr).dereference())
                bp = int(gdb.Value(bp).cast(ptr).dereference())
                look = pc - 1  # the call, not the return address, names the line
            return
        raise gdb.GdbError("no goroutine %d" % goid)


GoBacktrace()

package lint

import "runtime/debug"

// GC settings of a check run (see TuneGC).
const (
	checkGCPercent   = 400
	checkMemoryLimit = 900 << 20 // bytes, a soft limit
)

// TuneGC sets the garbage collector of the process up for check runs,
// unless the environment (read through getenv) sets GOGC or GOMEMLIMIT.
// A run holds only the documents being checked, a small live heap, while
// it allocates many times their size; with Go's default of collecting
// whenever the heap doubles, it spent about a third of its CPU time
// collecting. Collecting when the heap is five times the live heap, and
// harder as it nears a soft limit of 900 MiB, keeps a run over the whole
// corpus under 100 MB of memory and a 100 MB article under 1 GB.
func TuneGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(checkGCPercent)
	debug.SetMemoryLimit(checkMemoryLimit)
}

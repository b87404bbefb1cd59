package lint

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	TuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC set: GC percent changed to %d", p)
	}
	TuneGC(func(string) string { return "" })
	if p := debug.SetGCPercent(100); p != checkGCPercent {
		t.Errorf("GC percent %d, want %d", p, checkGCPercent)
	}
	if l := debug.SetMemoryLimit(-1); l != checkMemoryLimit {
		t.Errorf("memory limit %d, want %d", l, checkMemoryLimit)
	}
}

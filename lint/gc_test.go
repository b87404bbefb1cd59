package lint

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestGCLimit checks the soft memory limit against the promise of
// docs/limits.md (ten times the input and 100 MB; five times past 60 MB)
// and the live heaps of the shapes measured there.
func TestGCLimit(t *testing.T) {
	const MB = 1e6
	tests := []struct {
		name        string
		inputs      int64
		parsing     bool
		live, limit float64 // MB
	}{
		{"between inputs", 0, false, 5, 100 - 8.39},
		{"a corpus page", 300e3, false, 20, 103 - 8.39 - 0.012},
		{"10 MB of a␠␠", 10e6, false, 60, 200 - 8.39 - 0.4},
		{"300,000 figures", 20e6, false, 240, 300 - 8.39 - 0.8},
		{"300,000 figures, heap near the budget", 20e6, false, 270, 270 + 25.17},
		{"a 100 MB article", 100e6, false, 400, 500 - 8.39 - 4},
		{"a 100 MB article, heap near the budget", 100e6, false, 440, 500 - 8.39 - 4},
		{"a 100 MB article, heap at the budget", 100e6, false, 480, 480 + 25.17},
		// Where the page's tree alone is over its budget (html.Parse's
		// too), the live heap and as much again as it is over.
		{"a million paragraphs", 8e6, false, 340, 340 + 340 - (180 - 8.39 - 0.32)},
		{"a small live heap over the budget", 0, false, 95, 95 + 25.17},
		// While parsing, as much again as the live heap.
		{"a 100 MB article being parsed", 100e6, true, 200, 500 - 8.39 - 4},
		{"a 100 MB article being parsed, more of it", 100e6, true, 300, 600},
		{"a million paragraphs being parsed", 8e6, true, 200, 400},
	}
	for _, tt := range tests {
		got := float64(gcLimit(tt.inputs, int64(tt.live*MB), tt.parsing)) / MB
		if math.Abs(got-tt.limit) > 0.01 {
			t.Errorf("%s: limit %.2f MB, want %.2f", tt.name, got, tt.limit)
		}
	}
}

func TestTuneGC(t *testing.T) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		tunerMu.Lock()
		if tuner != nil {
			tuner.mu.Lock()
			tuner.stopped = true
			tuner.mu.Unlock()
			tuner = nil
		}
		tunerMu.Unlock()
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	TuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if p := debug.SetGCPercent(100); p != 100 || tuner != nil {
		t.Errorf("GOGC set: GC percent changed to %d, tuner %v", p, tuner)
	}
	in := checking(50e6)
	if debug.SetMemoryLimit(-1) != math.MaxInt64 || in != nil {
		t.Error("GOGC set: an input changed the memory limit")
	}
	in.parsed()
	in.done()

	TuneGC(func(string) string { return "" })
	if p := debug.SetGCPercent(checkGCPercent); p != checkGCPercent {
		t.Errorf("GC percent %d, want %d", p, checkGCPercent)
	}
	runtime.GC()
	base := debug.SetMemoryLimit(-1)
	if base < gcBudget(0)-gcMargin {
		t.Errorf("memory limit %d with no input, want at least %d", base, gcBudget(0)-gcMargin)
	}
	in = checking(100e6)
	if l := debug.SetMemoryLimit(-1); l != gcBudget(100e6)-gcMargin-100e6/gcOvershoot {
		t.Errorf("memory limit %d checking a 100 MB input, want %d", l, gcBudget(100e6)-gcMargin-100e6/gcOvershoot)
	}
	in.parsed()
	in.parsed()
	if tuner.parsing != 0 {
		t.Errorf("%d inputs being parsed, want 0", tuner.parsing)
	}
	in.done()
	in.done()
	if tuner.inputs != 0 {
		t.Errorf("%d bytes of inputs being checked, want 0", tuner.inputs)
	}
	if l := debug.SetMemoryLimit(-1); l != base {
		t.Errorf("memory limit %d once the input is checked, want %d again", l, base)
	}
	// After a collection, the limit leaves room above the live heap.
	keep := make([]byte, 200<<20)
	runtime.GC()
	runtime.GC()
	for range 2000 { // the update runs on the cleanup goroutine
		if debug.SetMemoryLimit(-1) > 200<<20 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if l := debug.SetMemoryLimit(-1); l < 200<<20+gcHeadroom {
		t.Errorf("memory limit %d with 200 MiB live, want room above it", l)
	}
	runtime.KeepAlive(keep)
}

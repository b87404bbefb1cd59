package lint

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// GC settings of a check run (see TuneGC).
const (
	checkGCPercent = 400
	// gcMargin is what a process takes beyond the memory the Go runtime
	// counts (its code, mostly: 7 MiB), gcHeadroom the least room the
	// limit leaves above the live heap.
	gcMargin   = 8 << 20
	gcHeadroom = 24 << 20
	// gcOvershoot is the share of the inputs' size the limit leaves
	// below their budget besides gcMargin: a soft limit is overshot by
	// what is allocated while a collection marks, more the larger the
	// page (a 100 MB article with its limit at the budget less gcMargin
	// peaked up to 0.1 MiB over its budget; 4 MB below it, 3.7 MiB under).
	gcOvershoot = 25 // 1/25 of the inputs
)

// TuneGC sets the garbage collector of the process up for check runs,
// unless the environment (read through getenv) sets GOGC or GOMEMLIMIT.
//
// A run holds only the documents being checked, a small live heap, while
// it allocates many times their size; with Go's default of collecting
// whenever the heap doubles, it spent about a third of its CPU time
// collecting. So it collects when the heap is five times the live heap,
// which for pages of a few hundred kilobytes keeps a run over the whole
// corpus under 100 MB.
//
// A large input makes a large live heap, which that rule would let
// quintuple (a 100 MB article kept 420 MB and peaked at 520 MB; 300,000
// figures in 20 MB kept 250 MB and peaked at 385 MB). A soft
// memory limit caps what piles up instead: the budget of the inputs being
// checked (gcBudget), or, where the documents need more than that, a
// little more than they need (gcLimit). It is set again whenever an input
// starts or ends and after each collection; as it stays above the live
// heap, collections never run back to back, whatever the input.
func TuneGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(checkGCPercent)
	tunerMu.Lock()
	defer tunerMu.Unlock()
	if tuner == nil {
		tuner = &gcTuner{}
		tuner.update()
		tuner.arm()
	}
}

// gcBudget is the memory a process checking inputs bytes of input may
// take (docs/limits.md): ten times their size and 100 MB, and no more
// than five times their size past 60 MB.
func gcBudget(inputs int64) int64 {
	return min(10*inputs+100e6, max(5*inputs, 300e6))
}

// gcLimit returns the soft memory limit for inputs bytes of input being
// checked with live bytes of live heap after the last collection: their
// budget, or, when that is less, the live heap and room above it.
//
// While an input is being parsed (parsing), the room is as much again as
// the live heap: parsing allocates what it keeps, the tree, and a limit
// just above the live heap would collect again and again as it grows,
// each time marking all of it (0.3 s of CPU for a 100 MB article's).
// Checking allocates what it drops: then the room is gcHeadroom, or as
// much as the live heap is over the budget. Where the tree alone is over
// the budget (html.Parse's too), the promise is out of reach, and
// collecting often would buy little memory for much time. A page within
// its budget stays within it: a 100 MB article keeps about 400 MB while
// it is checked, and its check's 45 MB of garbage takes two collections
// in the 35 MB or so its budget leaves the heap (it was given a sixth of
// its live heap above the budget when its check made 130 MB of garbage
// and kept 440 MB: ten collections, and 5.2 times its size).
func gcLimit(inputs, live int64, parsing bool) int64 {
	b := gcBudget(inputs) - gcMargin - inputs/gcOvershoot
	if parsing {
		return max(b, live+max(gcHeadroom, live))
	}
	return max(b, live+max(gcHeadroom, live-b))
}

// gcTuner keeps the soft memory limit of a check run at gcLimit.
type gcTuner struct {
	mu      sync.Mutex
	inputs  int64 // bytes of the inputs being checked
	parsing int   // how many of them are being parsed
	live    int64 // the live heap after the last collection
	limit   int64 // the limit set
	stopped bool  // sets no limit any more (tests)
	sample  [1]metrics.Sample
}

var (
	tunerMu sync.Mutex
	tuner   *gcTuner // set by TuneGC
)

// gcInput is an input being checked, as the tuner counts it.
type gcInput struct {
	t             *gcTuner
	size          int64
	parsing, gone bool
}

// checking tells the tuner, if TuneGC set one up, that an input of size
// bytes is being parsed and checked. The input's parsed and done say
// when that is over; on a nil *gcInput they do nothing.
func checking(size int) *gcInput {
	tunerMu.Lock()
	t := tuner
	tunerMu.Unlock()
	if t == nil {
		return nil
	}
	in := &gcInput{t: t, size: int64(size), parsing: true}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inputs += in.size
	t.parsing++
	t.setLimit()
	return in
}

// parsed says the input is parsed (a --fix run parses it again and
// again: the first time counts).
func (in *gcInput) parsed() {
	if in == nil {
		return
	}
	t := in.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if in.parsing {
		in.parsing = false
		t.parsing--
		t.setLimit()
	}
}

// done says the input is checked.
func (in *gcInput) done() {
	if in == nil {
		return
	}
	in.parsed()
	t := in.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if !in.gone {
		in.gone = true
		t.inputs -= in.size
		t.setLimit()
	}
}

// update reads the live heap and sets the limit.
func (t *gcTuner) update() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sample[0].Name = "/gc/heap/live:bytes"
	metrics.Read(t.sample[:])
	if v := t.sample[0].Value; v.Kind() == metrics.KindUint64 {
		t.live = int64(v.Uint64())
	}
	t.setLimit()
}

func (t *gcTuner) setLimit() {
	if l := gcLimit(t.inputs, t.live, t.parsing > 0); l != t.limit && !t.stopped {
		t.limit = l
		debug.SetMemoryLimit(l)
	}
}

// gcSentinel is an object whose cleanup runs after the collection that
// finds it unreachable (it has a pointer, so it is not one of the tiny
// objects that share a block and may never be collected alone).
type gcSentinel struct {
	_ *byte
	_ [8]byte
}

// arm has update run after the next collection, and arm again.
func (t *gcTuner) arm() {
	runtime.AddCleanup(new(gcSentinel), func(t *gcTuner) {
		t.update()
		t.mu.Lock()
		stopped := t.stopped
		t.mu.Unlock()
		if !stopped {
			t.arm()
		}
	}, t)
}

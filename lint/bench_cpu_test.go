package lint

import "testing"

// measureCPU starts measuring the CPU time of the process (every thread:
// the garbage collector's too) and returns the function that reports it
// per iteration as cpu-ns/op, beside the wall time. On a machine shared
// with other work, ns/op also measures the neighbours: compare cpu-ns/op
// (and allocs/op) there. Call it just before the benchmark loop and defer
// the function it returns:
//
//	defer measureCPU(b)()
//	for b.Loop() { … }
func measureCPU(b *testing.B) func() {
	start, ok := processCPU()
	if !ok {
		return func() {}
	}
	return func() {
		end, _ := processCPU()
		if b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

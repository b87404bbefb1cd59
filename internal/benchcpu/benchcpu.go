// Package benchcpu reports the CPU time of a benchmark beside its wall
// time, for the benchmarks of checker and lint (docs/performance.md): on
// a machine shared with other work, ns/op also measures the neighbours,
// while cpu-ns/op (with allocs/op) measures the code. It imports testing:
// only tests use it.
package benchcpu

import "testing"

// Measure starts measuring the CPU time of the process (every thread:
// the garbage collector's too) and returns the function that reports it
// per iteration as cpu-ns/op. Call it just before the benchmark loop and
// defer the function it returns:
//
//	defer benchcpu.Measure(b)()
//	for b.Loop() { … }
func Measure(b *testing.B) func() {
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

package lint

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestCheckAllBounded checks that the worker pool hands outcomes over in
// input order and reads no more than 2×jobs inputs ahead of the one being
// handed over, however slow the consumer: memory is bounded by the jobs,
// not by the number of inputs.
func TestCheckAllBounded(t *testing.T) {
	t.Chdir("..")
	e := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Dir: "."}
	l, err := e.Load("testdata/rules/house.copydesk.yml", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &run{env: e, l: l}
	for _, jobs := range []int{1, 2, 5} {
		var read atomic.Int64
		var ins []Input
		for i := range 60 {
			ins = append(ins, Input{Path: fmt.Sprintf("p%02d.html", i), Read: func() ([]byte, error) {
				read.Add(1)
				return []byte(fmt.Sprintf("<article><p>Page %d.</p></article>", i)), nil
			}})
		}
		next := 0
		checkAll(slices.Values(ins), jobs, r.checkOne, func(c *checked) {
			if c.file.Path != ins[next].Path {
				t.Fatalf("jobs %d: outcome %d is %s, want %s", jobs, next, c.file.Path, ins[next].Path)
			}
			if next == 0 {
				// A slow consumer: give the workers every chance to run ahead.
				for prev := int64(-1); prev != read.Load(); {
					prev = read.Load()
					time.Sleep(20 * time.Millisecond)
				}
			}
			if n := read.Load(); n > int64(next+2*jobs) {
				t.Errorf("jobs %d: %d inputs read when handing over input %d (at most %d)", jobs, n, next, next+2*jobs)
			}
			next++
		})
		if next != len(ins) {
			t.Errorf("jobs %d: %d outcomes, want %d", jobs, next, len(ins))
		}
	}
}

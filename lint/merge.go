package lint

import (
	"container/heap"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/report"
)

// MergeOptions are the settings of copydesk merge.
type MergeOptions struct {
	// Reports are JSON reports of check (a directory stands for the
	// *.json files in it).
	Reports    []string
	Outputs    []Output
	NoColor    bool
	Quiet      bool
	JUnitBelow report.JUnitBelow
	JSONText   bool // a json output carries the files' text (all reports must)
}

// Merge merges the JSON reports of the shards of a run (or of runs over
// different files with the same config and version) into one result and
// writes the reports of o from it: the same bytes a single run over all
// the files would write (docs/shards.md, "Merging reports"). It reads
// the reports side by side, file by file, so memory does not grow with
// their size. Reports of different runs — another version, other rules,
// config, jurisdictions, --fail-on or baseline — are refused with exit 2
// saying which differs, and so are sharded reports that leave a shard
// out or give one twice, and a file that is in two reports. The exit
// code is then that of the run: 3 when a report holds an input error, 1
// when a finding fails it.
func Merge(_ context.Context, env *Env, o MergeOptions) error {
	names, err := env.reportFiles(o.Reports)
	if err != nil {
		return err
	}
	var ins []*mergeInput
	defer func() {
		for _, in := range ins {
			in.close()
		}
	}()
	for _, name := range names {
		in, err := env.openReport(name)
		if err != nil {
			return err
		}
		ins = append(ins, in)
	}
	head, err := env.mergeHead(ins, o)
	if err != nil {
		return err
	}
	ro := Options{NoColor: o.NoColor, Quiet: o.Quiet, JUnitBelow: o.JUnitBelow, JSONText: o.JSONText}
	var sinks []*sink
	abort := func() {
		for _, s := range sinks {
			s.abort()
		}
	}
	for _, out := range o.Outputs {
		s, err := env.openSink(out, head, ro)
		if err != nil {
			abort()
			return &ExitError{Code: ExitInput, Err: err}
		}
		sinks = append(sinks, s)
	}
	var out outcome
	err = mergeFiles(ins, func(f *report.File) {
		out.add(f, head.FailOn)
		for _, s := range sinks {
			s.file(f)
		}
	})
	var errs []report.InputError
	for _, in := range ins {
		if err != nil {
			break
		}
		err = in.finish()
		errs = append(errs, in.r.Errors()...)
	}
	if err != nil {
		abort()
		return &ExitError{Code: ExitConfig, Err: err}
	}
	report.SortErrors(errs)
	for _, x := range errs {
		fmt.Fprintln(env.Stderr, x.Error())
	}
	out.errors = len(errs)
	var werr error
	for _, s := range sinks {
		if err := s.close(env, errs); err != nil && werr == nil {
			werr = err
		}
	}
	if werr != nil {
		return &ExitError{Code: ExitInput, Err: werr}
	}
	return out.err()
}

// reportFiles expands the report arguments of merge: a directory stands
// for the *.json files in it, in name order.
func (e *Env) reportFiles(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, UsageErrorf("merge: name the JSON reports to merge (or a directory of them)")
	}
	var out []string
	for _, a := range args {
		fi, err := os.Stat(e.Abs(a))
		if err != nil {
			return nil, UsageErrorf("%s: %s", a, IOMessage(err))
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(filepath.Join(e.Abs(a), "*.json"))
		if err != nil || len(m) == 0 {
			return nil, UsageErrorf("%s: a directory without *.json reports", a)
		}
		sort.Strings(m)
		for _, p := range m {
			out = append(out, e.Rel(p))
		}
	}
	return out, nil
}

// mergeInput is one report being merged.
type mergeInput struct {
	name  string
	file  *os.File
	r     *report.JSONReport
	last  *report.File // the file read last, to check the report's order
	next  *report.File // the next file, nil after the last
	files int
	sum   report.Summary
}

func (e *Env) openReport(name string) (*mergeInput, error) {
	f, err := os.Open(e.Abs(name))
	if err != nil {
		return nil, UsageErrorf("%s: %s", name, IOMessage(err))
	}
	r, err := report.ReadJSON(f)
	if err != nil {
		f.Close()
		return nil, UsageErrorf("%s: %v", name, err)
	}
	return &mergeInput{name: name, file: f, r: r}, nil
}

func (in *mergeInput) close() { in.file.Close() }

// advance reads the next file of the report.
func (in *mergeInput) advance() error {
	f, err := in.r.Next()
	if err == io.EOF {
		in.next = nil
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", in.name, err)
	}
	if in.last != nil && !report.FileBefore(in.last, f) {
		return fmt.Errorf("%s: %s comes after %s: the report is not in report order (edited, or not written by copydesk)", in.name, f.Path, in.last.Path)
	}
	in.last, in.next = f, f
	in.files++
	in.sum.AddFile(f)
	return nil
}

// finish checks the report's summary against what it held.
func (in *mergeInput) finish() error {
	s := in.r.Summary()
	in.sum.AddErrors(in.r.Errors())
	if s.Files != in.sum.Files || s.Findings != in.sum.Findings || s.Errors != in.sum.Errors || s.Suppressed != in.sum.Suppressed || s.Fixed != in.sum.Fixed {
		return fmt.Errorf("%s: its summary counts %d files and %d findings, it holds %d and %d: the report was edited", in.name, s.Files, s.Findings, in.sum.Files, in.sum.Findings)
	}
	return nil
}

// mergeHead checks that the reports are of one run and returns the head
// of the merged result.
func (e *Env) mergeHead(ins []*mergeInput, o MergeOptions) (*report.Result, error) {
	first := ins[0]
	for _, in := range ins[1:] {
		if d := first.r.SameRun(in.r); d != "" {
			return nil, UsageErrorf("%s and %s are not reports of one run: %s", first.name, in.name, d)
		}
	}
	if err := checkShards(ins); err != nil {
		return nil, err
	}
	wantText := o.JSONText
	for _, out := range o.Outputs {
		wantText = wantText || out.Format.Reading
	}
	for _, in := range ins {
		if wantText && !in.r.Text {
			return nil, UsageErrorf("%s carries no text of its files, which the html report shows and merge --json-text keeps: check the shards with --json-text", in.name)
		}
	}
	head := first.r.Head
	head.Shard = report.Shard{}
	for _, in := range ins[1:] {
		if in.r.Head.Root != head.Root {
			fmt.Fprintf(e.Stderr, "copydesk: note: %s and %s were checked in different directories (%s, %s); the merged report names none\n",
				first.name, in.name, head.Root, in.r.Head.Root)
			head.Root = ""
			break
		}
	}
	return &head, nil
}

// checkShards checks that sharded reports are every shard of one split,
// each once; reports of runs that were not split are merged as they are.
func checkShards(ins []*mergeInput) error {
	count := ins[0].r.Head.Shard.Count
	seen := map[int]string{}
	for _, in := range ins {
		s := in.r.Head.Shard
		switch {
		case (s.Count == 0) != (count == 0):
			return UsageErrorf("%s and %s: one is a shard, the other is not", ins[0].name, in.name)
		case s.Count != count:
			return UsageErrorf("%s is shard %d/%d, %s of %d shards: shards of different splits", in.name, s.Index, s.Count, ins[0].name, count)
		case count > 0 && seen[s.Index] != "":
			return UsageErrorf("shard %d/%d is given twice: %s and %s", s.Index, count, seen[s.Index], in.name)
		}
		seen[s.Index] = in.name
	}
	if count == 0 || len(seen) == count {
		return nil
	}
	var missing []string
	for k := 1; k <= count && len(missing) < 10; k++ {
		if seen[k] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", k, count))
		}
	}
	more := ""
	if n := count - len(seen); n > len(missing) {
		more = fmt.Sprintf(" and %d more", n-len(missing))
	}
	return UsageErrorf("shards missing: %s%s (each shard's report is needed once)", strings.Join(missing, ", "), more)
}

// mergeFiles hands the files of the reports to emit in report order, as
// a single run would have written them.
func mergeFiles(ins []*mergeInput, emit func(*report.File)) error {
	h := &fileHeap{}
	for _, in := range ins {
		if err := in.advance(); err != nil {
			return err
		}
		if in.next != nil {
			heap.Push(h, in)
		}
	}
	var prev *report.File
	var prevFrom string
	for h.Len() > 0 {
		in := (*h)[0]
		f := in.next
		if prev != nil && !report.FileBefore(prev, f) {
			return fmt.Errorf("%s is in %s and %s: the reports are of runs over the same files", f.Path, prevFrom, in.name)
		}
		emit(f)
		prev, prevFrom = f, in.name
		if err := in.advance(); err != nil {
			return err
		}
		if in.next == nil {
			heap.Pop(h)
		} else {
			heap.Fix(h, 0)
		}
	}
	return nil
}

// fileHeap orders the reports by their next file.
type fileHeap []*mergeInput

func (h fileHeap) Len() int           { return len(h) }
func (h fileHeap) Less(i, j int) bool { return report.FileBefore(h[i].next, h[j].next) }
func (h fileHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *fileHeap) Push(x any)        { *h = append(*h, x.(*mergeInput)) }
func (h *fileHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

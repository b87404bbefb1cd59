package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// baselineRun applies --baseline and collects --write-baseline.
type baselineRun struct {
	read      *report.Baseline // nil without --baseline
	readPath  string           // as given
	readDir   string           // paths in the read baseline are relative to it
	writePath string           // as given; "" without --write-baseline
	writeDir  string
	entries   []report.BaselineEntry
}

// openBaseline reads the --baseline file, if any. A baseline that cannot
// be read is a usage error: nothing is checked.
func (e *Env) openBaseline(readPath, writePath string) (*baselineRun, error) {
	b := &baselineRun{readPath: readPath, writePath: writePath}
	if writePath != "" {
		b.writeDir = filepath.Dir(e.Abs(writePath))
	}
	if readPath == "" {
		return b, nil
	}
	data, err := os.ReadFile(e.Abs(readPath))
	if err != nil {
		return nil, UsageErrorf("--baseline %s: %s", readPath, IOMessage(err))
	}
	if b.read, err = report.ReadBaseline(bytes.NewReader(data)); err != nil {
		return nil, UsageErrorf("--baseline %s: %v", readPath, err)
	}
	b.readDir = filepath.Dir(e.Abs(readPath))
	return b, nil
}

// take records the findings of one checked file for --write-baseline and
// drops those --baseline knows.
func (b *baselineRun) take(e *Env, f *report.File) {
	if b.writePath != "" {
		b.entries = append(b.entries, report.BaselineEntries(f, e.relTo(b.writeDir, f.Path))...)
	}
	if b.read != nil {
		b.read.Filter(f, e.relTo(b.readDir, f.Path))
	}
}

// leaveAccepted drops the fixes of the findings --baseline accepts, so
// that --fix and --diff change only what the run reports (as suppressed
// findings are not fixed either). path is the file's report path.
func (b *baselineRun) leaveAccepted(e *Env, path string, fs []checker.Finding) {
	if b == nil || b.read == nil {
		return
	}
	for i, ok := range b.read.Accepted(e.relTo(b.readDir, path), fs) {
		if ok {
			fs[i].Fix = nil
		}
	}
}

// writing reports whether the run writes a baseline: its findings are
// accepted, so they do not fail it.
func (b *baselineRun) writing() bool { return b.writePath != "" }

// finish writes the --write-baseline file (atomically) and tells on
// stderr what the baselines did.
func (b *baselineRun) finish(e *Env) error {
	if b.read != nil {
		fmt.Fprintf(e.Stderr, "copydesk: baseline %s: %s not reported; %s no longer found", b.readPath,
			plural(b.read.Known(), "known finding"), plural(b.read.Gone(), "baselined finding"))
		if b.read.Gone() > 0 && b.writePath == "" {
			fmt.Fprintf(e.Stderr, " (update the baseline with --write-baseline %s)", b.readPath)
		}
		fmt.Fprintln(e.Stderr)
	}
	if b.writePath == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := report.WriteBaseline(&buf, b.entries); err != nil {
		return err
	}
	if err := WriteFileAtomic(e.Abs(b.writePath), buf.Bytes()); err != nil {
		return fmt.Errorf("--write-baseline %s: %s", b.writePath, IOMessage(err))
	}
	fmt.Fprintf(e.Stderr, "copydesk: wrote %s to baseline %s\n", plural(len(b.entries), "finding"), b.writePath)
	return nil
}

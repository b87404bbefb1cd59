package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// baselineFlags are the flags of check's baseline.
func baselineFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "baseline", Usage: "report only findings that are not in this baseline file (see --write-baseline)"},
		&cli.StringFlag{Name: "write-baseline", Usage: "record the current findings in this file, to accept them for now; the run does not fail on them"},
	}
}

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
func (e *env) openBaseline(readPath, writePath string) (*baselineRun, error) {
	b := &baselineRun{readPath: readPath, writePath: writePath}
	if writePath != "" {
		b.writeDir = filepath.Dir(e.abs(writePath))
	}
	if readPath == "" {
		return b, nil
	}
	data, err := os.ReadFile(e.abs(readPath))
	if err != nil {
		return nil, usageErrorf("--baseline %s: %s", readPath, ioMessage(err))
	}
	if b.read, err = report.ReadBaseline(bytes.NewReader(data)); err != nil {
		return nil, usageErrorf("--baseline %s: %v", readPath, err)
	}
	b.readDir = filepath.Dir(e.abs(readPath))
	return b, nil
}

// relTo returns a report path relative to dir, with slashes.
func (e *env) relTo(dir, path string) string {
	r, err := filepath.Rel(dir, e.abs(filepath.FromSlash(path)))
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// take records the findings of one checked file for --write-baseline and
// drops those --baseline knows.
func (b *baselineRun) take(e *env, f *report.File) {
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
func (b *baselineRun) leaveAccepted(e *env, path string, fs []checker.Finding) {
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
func (b *baselineRun) finish(e *env) error {
	if b.read != nil {
		fmt.Fprintf(e.stderr, "copydesk: baseline %s: %s not reported; %s no longer found", b.readPath,
			plural(b.read.Known(), "known finding"), plural(b.read.Gone(), "baselined finding"))
		if b.read.Gone() > 0 && b.writePath == "" {
			fmt.Fprintf(e.stderr, " (update the baseline with --write-baseline %s)", b.readPath)
		}
		fmt.Fprintln(e.stderr)
	}
	if b.writePath == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := report.WriteBaseline(&buf, b.entries); err != nil {
		return err
	}
	if err := writeFileAtomic(e.abs(b.writePath), buf.Bytes()); err != nil {
		return fmt.Errorf("--write-baseline %s: %s", b.writePath, ioMessage(err))
	}
	fmt.Fprintf(e.stderr, "copydesk: wrote %s to baseline %s\n", plural(len(b.entries), "finding"), b.writePath)
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so path is never left half-written.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

package lint

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/copydesk/copydesk/report"
)

// sink is one report being written while the run checks files. A report
// file is written to a temporary file beside it and renamed into place
// when the run is over, so it is never left half-written.
type sink struct {
	o   Output
	tmp *os.File // nil when the report goes to stdout
	s   report.Streamer
	err error // the first write error
}

// openSink starts writing one report; head holds the run's tool, rules
// and fail-on severity.
func (e *Env) openSink(o Output, head *report.Result, ro Options) (*sink, error) {
	opts := report.Options{Quiet: ro.Quiet, JUnitBelow: ro.JUnitBelow, Text: ro.JSONText}
	if o.Path == "" {
		opts.Color = !ro.NoColor && e.Getenv("NO_COLOR") == "" && isTerminal(e.Stdout)
		return &sink{o: o, s: o.Format.Stream(e.Stdout, head, opts)}, nil
	}
	path := e.Abs(o.Path)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("%s: %s", o.Path, IOMessage(err))
	}
	// CreateTemp makes the file readable by its owner only; a report is
	// made as a plain create would make it (or keeps the mode of the
	// report it replaces), so that the CI step that uploads it can read it.
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("%s: %s", o.Path, IOMessage(err))
	}
	return &sink{o: o, tmp: tmp, s: o.Format.Stream(tmp, head, opts)}, nil
}

// file writes the findings of the next file; after a write error the
// report is abandoned and close reports the error.
func (s *sink) file(f *report.File) {
	if s.err == nil {
		s.err = s.s.File(f)
	}
}

// close finishes the report with the run's input errors and moves a
// report file into place.
func (s *sink) close(e *Env, errs []report.InputError) error {
	if s.err == nil {
		s.err = s.s.Close(errs)
	}
	if s.tmp == nil {
		return s.err
	}
	defer os.Remove(s.tmp.Name())
	if s.err != nil {
		s.tmp.Close()
		return fmt.Errorf("%s: %w", s.o.Path, s.err)
	}
	if err := s.tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", s.o.Path, err)
	}
	if err := os.Rename(s.tmp.Name(), e.Abs(s.o.Path)); err != nil {
		return fmt.Errorf("%s: %s", s.o.Path, IOMessage(err))
	}
	return nil
}

// abort removes a report file that will not be finished.
func (s *sink) abort() {
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
	}
}

// isTerminal reports whether w is a character device (a terminal), or
// writes to one.
func isTerminal(w io.Writer) bool {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/copydesk/copydesk/report"
)

// write writes one report. A report file is written to a temporary file
// beside it and renamed into place, so it is never left half-written.
func (e *env) write(o output, res *report.Result, noColor, quiet bool) error {
	opts := report.Options{Quiet: quiet}
	if o.path == "" {
		opts.Color = !noColor && e.getenv("NO_COLOR") == "" && isTerminal(e.stdout)
		return o.format.Write(e.stdout, res, opts)
	}
	path := e.abs(o.path)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: %s", o.path, ioMessage(err))
	}
	defer os.Remove(tmp.Name())
	if err := o.format.Write(tmp, res, opts); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", o.path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %s", o.path, ioMessage(err))
	}
	return nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

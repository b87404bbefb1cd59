package lint

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// Env is what a run sees of its process: the standard streams, the
// environment, the working directory and the file system. A run writes
// reports and patches to Stdout, notes and errors to Stderr, and reads
// the document named "-" from Stdin.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Dir            string     // working directory, absolute
	FS             FileSystem // where inputs are read; nil: the operating system
	Files          FileWriter // how --fix replaces files; zero: the operating system
}

// Abs resolves a path against the working directory.
func (e *Env) Abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(e.Dir, p)
}

// Rel returns p relative to the working directory with / separators, as
// reports show paths; a path that is not a file path is returned as is.
func (e *Env) Rel(p string) string {
	if p == "" || strings.HasPrefix(p, "builtin:") || !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	r, err := filepath.Rel(e.Dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// relTo returns a report path relative to dir, with slashes.
func (e *Env) relTo(dir, path string) string {
	r, err := filepath.Rel(dir, e.Abs(filepath.FromSlash(path)))
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// RelError formats a rule-file error with its path relative to the
// working directory.
func (e *Env) RelError(x *rules.Error) string {
	c := *x
	c.Pos.File = e.Rel(c.Pos.File)
	return c.Error()
}

// PrintConfigError writes a rule/config error list (or any error) to
// Stderr and returns it as a config error that is already printed.
func (e *Env) PrintConfigError(err error) error {
	var list rules.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			fmt.Fprintln(e.Stderr, e.RelError(x))
		}
	} else {
		fmt.Fprintf(e.Stderr, "copydesk: %v\n", err)
	}
	return &ExitError{Code: ExitConfig, Err: err, Printed: true}
}

package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// input is one document to check.
type input struct {
	abs  string // file to read; "" for stdin
	path string // path in reports
	// read, when set, reads the document instead of abs (--staged reads
	// the staged content).
	read func() ([]byte, error)
}

// isHTML reports whether a file found in a directory is an article.
func isHTML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// hasMeta reports whether a path argument is a glob.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

// discover turns the command-line paths (or the config's include globs,
// or ".") into the sorted list of documents to check. Paths that do not
// exist become input errors; the rest are still checked.
func (e *env) discover(args []string, cfg *rules.Config, stdinName string) ([]input, []report.InputError) {
	var ins []input
	var errs []report.InputError
	seen := map[string]bool{}
	add := func(abs string) {
		if seen[abs] {
			return
		}
		seen[abs] = true
		ins = append(ins, input{abs: abs, path: e.rel(abs)})
	}
	excluded := excluder(cfg)

	walk := func(root string) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, report.InputError{Path: e.rel(p), Message: ioMessage(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && (d.Name() == ".git" || excluded(p)) {
					return fs.SkipDir
				}
				return nil
			}
			if !isHTML(d.Name()) || excluded(p) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				fi, err := os.Stat(p)
				if err != nil {
					errs = append(errs, report.InputError{Path: e.rel(p), Message: ioMessage(err)})
					return nil
				}
				if !fi.Mode().IsRegular() {
					return nil
				}
			}
			add(p)
			return nil
		})
		if err != nil {
			errs = append(errs, report.InputError{Path: e.rel(root), Message: ioMessage(err)})
		}
	}
	glob := func(base, pattern string) {
		g, err := rules.CompileGlob(filepath.ToSlash(pattern))
		if err != nil {
			errs = append(errs, report.InputError{Path: pattern, Message: err.Error()})
			return
		}
		matched := false
		_ = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != base && d.Name() == ".git" {
					return fs.SkipDir
				}
				return nil
			}
			r, _ := filepath.Rel(base, p)
			if g.Match(filepath.ToSlash(r)) && !excluded(p) {
				matched = true
				add(p)
			}
			return nil
		})
		if !matched {
			errs = append(errs, report.InputError{Path: pattern, Message: "no files match this pattern"})
		}
	}

	if len(args) == 0 {
		if len(cfg.Include) > 0 {
			for _, pat := range cfg.Include {
				glob(cfg.Dir, pat)
			}
		} else {
			walk(e.dir)
		}
	}
	for _, a := range args {
		switch {
		case a == "-":
			name := stdinName
			if name == "" {
				name = "<stdin>"
			}
			ins = append(ins, input{path: filepath.ToSlash(name)})
		case hasMeta(a) && !exists(e.abs(a)):
			glob(e.dir, a)
		default:
			abs := e.abs(a)
			fi, err := os.Stat(abs)
			switch {
			case err != nil:
				errs = append(errs, report.InputError{Path: e.rel(abs), Message: ioMessage(err)})
			case fi.IsDir():
				walk(abs)
			default:
				add(abs)
			}
		}
	}
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].path < ins[j].path })
	return ins, errs
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// excluder returns a predicate telling whether the config excludes a file.
func excluder(cfg *rules.Config) func(abs string) bool {
	var globs []*rules.Glob
	for _, x := range cfg.Exclude {
		if g, err := rules.CompileGlob(x); err == nil {
			globs = append(globs, g)
		}
	}
	return func(abs string) bool {
		r := configRel(cfg, abs)
		for _, g := range globs {
			if g.Match(r) {
				return true
			}
		}
		return false
	}
}

// ioMessage words a file-system error without repeating the path.
func ioMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// isHTML reports whether a file found in a directory is an article.
func isHTML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// hasMeta reports whether a path argument is a glob.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[{") }

// discover turns the command-line paths (or the config's include globs,
// or ".") into the sorted list of documents to check. Directories are
// walked for *.html and *.htm, following symbolic links (each directory
// once; a link back to a directory being walked is a loop). Paths that
// do not exist, broken links, loops, unreadable directories and files
// that are not regular become input errors naming the path; the rest
// are still checked. A file named as an argument is checked even when the
// config excludes it, unless forceExclude is set (as pre-commit, which
// names every staged file, needs).
func (e *Env) discover(args []string, cfg *rules.Config, stdinName string, forceExclude bool) ([]Input, []report.InputError) {
	d := &discovery{e: e, excluded: excluder(cfg), seen: map[string]bool{}}
	if len(args) == 0 {
		if len(cfg.Include) > 0 {
			for _, pat := range cfg.Include {
				d.glob(cfg.Dir, pat)
			}
		} else {
			d.walk(e.Dir, isHTML)
		}
	}
	for _, a := range args {
		switch {
		case a == "-":
			name := stdinName
			if name == "" {
				name = "<stdin>"
			}
			d.ins = append(d.ins, Input{Path: filepath.ToSlash(name)})
		case hasMeta(a) && !exists(e.Abs(a)):
			d.glob(e.Dir, a)
		default:
			abs := e.Abs(a)
			fi, err := os.Stat(abs)
			switch {
			case err != nil:
				d.fail(abs, statMessage(abs, err))
			case fi.IsDir():
				d.walk(abs, isHTML)
			case forceExclude && d.excluded(abs):
			default:
				// Named files are read whatever they are: a pipe from
				// process substitution is an input too.
				d.add(abs, realPath(abs))
			}
		}
	}
	sort.SliceStable(d.ins, func(i, j int) bool { return d.ins[i].Path < d.ins[j].Path })
	return d.ins, d.errs
}

// discovery collects the inputs of a run.
type discovery struct {
	e        *Env
	excluded func(abs string) bool
	ins      []Input
	errs     []report.InputError
	seen     map[string]bool // real paths of the files found, so a file reached twice is checked once
}

func (d *discovery) fail(abs, msg string) {
	d.errs = append(d.errs, report.InputError{Path: d.e.Rel(abs), Message: msg})
}

// add adds the file abs, whose real path (symbolic links resolved) is real.
func (d *discovery) add(abs, real string) {
	if d.seen[real] {
		return
	}
	d.seen[real] = true
	d.ins = append(d.ins, Input{Abs: abs, Path: d.e.Rel(abs), Archive: IsArchive(abs)})
}

// glob adds the files below base whose slash path relative to base
// matches pattern; no match is an error.
func (d *discovery) glob(base, pattern string) {
	g, err := rules.CompileGlob(filepath.ToSlash(pattern))
	if err != nil {
		d.errs = append(d.errs, report.InputError{Path: pattern, Message: err.Error()})
		return
	}
	before := len(d.ins)
	matched := false
	d.walk(base, func(p string) bool {
		r, err := filepath.Rel(base, p)
		ok := err == nil && g.Match(filepath.ToSlash(r))
		matched = matched || ok
		return ok
	})
	if !matched && len(d.ins) == before {
		d.errs = append(d.errs, report.InputError{Path: pattern, Message: "no files match this pattern"})
	}
}

// walk adds the files below root that match. Every directory is entered
// once per walk, by its real path.
func (d *discovery) walk(root string, match func(abs string) bool) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		d.fail(root, statMessage(root, err))
		return
	}
	w := &walker{d: d, match: match, walked: map[string]bool{}, active: map[string]bool{}}
	w.dir(root, real)
}

type walker struct {
	d      *discovery
	match  func(abs string) bool
	walked map[string]bool // real paths of the directories walked
	active map[string]bool // real paths of the directories being walked (the current path)
}

// dir walks the directory p (real path real). Recursion is as deep as
// the directory tree, which the file system bounds.
func (w *walker) dir(p, real string) {
	w.walked[real] = true
	w.active[real] = true
	defer delete(w.active, real)
	entries, err := w.d.e.fsys().ReadDir(p)
	if err != nil {
		w.d.fail(p, IOMessage(err))
	}
	for _, ent := range entries {
		name := ent.Name()
		child := filepath.Join(p, name)
		childReal := filepath.Join(real, name)
		typ := ent.Type()
		if typ&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(child)
			var fi fs.FileInfo
			if err == nil {
				fi, err = os.Stat(target)
			}
			if err != nil {
				// A broken link is an error only where it could be an input.
				if w.match(child) && !w.d.excluded(child) {
					w.d.fail(child, statMessage(child, err))
				}
				continue
			}
			childReal, typ = target, fi.Mode().Type()
		}
		switch {
		case typ.IsDir():
			switch {
			case name == ".git" || w.d.excluded(child):
			case w.active[childReal]:
				w.d.fail(child, "symbolic link loop: links back to "+w.d.e.Rel(childReal)+", which contains it")
			case !w.walked[childReal]:
				w.dir(child, childReal)
			}
		case !w.match(child) || w.d.excluded(child):
		case !typ.IsRegular():
			w.d.fail(child, "not a regular file")
		default:
			w.d.add(child, childReal)
		}
	}
}

// realPath resolves the symbolic links of p, or returns p.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// statMessage words the error of following the path p: a broken link
// names its missing target.
func statMessage(p string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(p); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			return fmt.Sprintf("broken symbolic link: its target %s does not exist", target)
		}
	}
	return IOMessage(err)
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

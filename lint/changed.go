package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// selectChanged keeps the changed files that a plain run over args would
// check: HTML files under a path argument or matching a glob argument
// (relative to the working directory, as without --changed), not excluded
// by the config; with no args, those the config's include globs match or,
// without include, those under the working directory.
// A path argument that does not exist is an input error, as it is without
// --changed.
func (e *Env) selectChanged(changed []string, args []string, cfg *rules.Config) ([]Input, []report.InputError) {
	var errs []report.InputError
	var under []string
	var globs []*rules.Glob
	for _, a := range args {
		abs := e.Abs(a)
		if hasMeta(a) && !exists(abs) {
			g, err := rules.CompileGlob(filepath.ToSlash(a))
			if err != nil {
				errs = append(errs, report.InputError{Path: a, Message: err.Error()})
				continue
			}
			globs = append(globs, g)
			continue
		}
		if _, err := os.Stat(abs); err != nil {
			errs = append(errs, report.InputError{Path: e.Rel(abs), Message: IOMessage(err)})
			continue
		}
		under = append(under, abs)
	}
	if len(args) == 0 && len(cfg.Include) == 0 {
		under = []string{e.Dir} // as a run without paths walks "."
	}
	inArgs := func(abs string) bool {
		for _, u := range under {
			if abs == u || strings.HasPrefix(abs, u+string(filepath.Separator)) {
				return true
			}
		}
		rel, err := filepath.Rel(e.Dir, abs)
		return err == nil && matchesAny(globs, filepath.ToSlash(rel))
	}
	var include []*rules.Glob
	if len(args) == 0 {
		for _, pat := range cfg.Include {
			if g, err := rules.CompileGlob(pat); err == nil {
				include = append(include, g)
			}
		}
	}
	excluded := excluder(cfg)
	var ins []Input
	for _, abs := range changed {
		if !isHTML(abs) || excluded(abs) || (len(args) > 0 || len(cfg.Include) == 0) && !inArgs(abs) {
			continue
		}
		if len(cfg.Include) > 0 && len(args) == 0 && !matchesAny(include, configRel(cfg, abs)) {
			continue
		}
		if fi, err := os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
			continue
		}
		ins = append(ins, Input{Abs: abs, Path: e.Rel(abs)})
	}
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
	return ins, errs
}

func matchesAny(globs []*rules.Glob, rel string) bool {
	for _, g := range globs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// gitRepo runs the git found on PATH in a working tree.
type gitRepo struct {
	ctx  context.Context
	git  string // path of the git command
	dir  string // working directory
	root string // top of the working tree
}

// selection is the files git reports as changed, as absolute paths,
// and a note saying what they were compared with.
type selection struct {
	paths []string
	note  string
}

// newGitRepo finds git and the working tree that holds dir.
func newGitRepo(ctx context.Context, dir string) (*gitRepo, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, UsageErrorf("--changed and --staged need the git command, and it is not on PATH")
	}
	g := &gitRepo{ctx: ctx, git: git, dir: dir}
	// The top relative to dir (not git's absolute path, in which symbolic
	// links are resolved), so reports show paths as the user wrote them.
	out, err := g.run("rev-parse", "--show-cdup")
	if err != nil {
		return nil, UsageErrorf("--changed and --staged work inside a git working tree: %v", err)
	}
	g.root = filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(string(out), "\n")))
	return g, nil
}

// run runs git with args and returns its standard output. A failure
// carries git's own message.
func (g *gitRepo) run(args ...string) ([]byte, error) {
	cmd := exec.CommandContext(g.ctx, g.git, args...)
	cmd.Dir = g.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// names splits git's NUL-terminated list of paths relative to the top of
// the working tree into absolute paths.
func (g *gitRepo) names(out []byte) []string {
	var paths []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" {
			paths = append(paths, filepath.Join(g.root, filepath.FromSlash(p)))
		}
	}
	return paths
}

// changed lists the files that differ between ref (or the merge base of
// HEAD with the default branch) and the working tree, with the untracked
// files that git does not ignore. Deleted files are left out.
func (g *gitRepo) changed(ref string) (selection, error) {
	var sel selection
	var base string
	if ref == "" {
		b, note, err := g.defaultBase()
		if err != nil {
			return sel, err
		}
		base, sel.note = b, note
	} else {
		if strings.HasPrefix(ref, "-") {
			return sel, UsageErrorf("--changed=%s: not a git revision", ref)
		}
		out, err := g.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
		if err != nil {
			return sel, UsageErrorf("--changed=%s: no such commit in this repository", ref)
		}
		base = strings.TrimSpace(string(out))
	}
	diff, err := g.run("diff", "--name-only", "--no-relative", "-z", "--no-renames", "--diff-filter=d", "--no-ext-diff", base, "--")
	if err != nil {
		return sel, &ExitError{Code: ExitConfig, Err: err}
	}
	untracked, err := g.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ":/")
	if err != nil {
		return sel, &ExitError{Code: ExitConfig, Err: err}
	}
	sel.paths = append(g.names(diff), g.names(untracked)...)
	return sel, nil
}

// staged lists the files added or modified in the index.
func (g *gitRepo) staged() (selection, error) {
	out, err := g.run("diff", "--cached", "--name-only", "--no-relative", "-z", "--no-renames", "--diff-filter=d", "--no-ext-diff", "--")
	if err != nil {
		return selection{}, &ExitError{Code: ExitConfig, Err: err}
	}
	return selection{paths: g.names(out)}, nil
}

// stagedReader returns a function that reads the staged content of a
// file (which may differ from the file on disk).
func (g *gitRepo) stagedReader(abs string) func() ([]byte, error) {
	return func() ([]byte, error) {
		rel, err := filepath.Rel(g.root, abs)
		if err != nil {
			return nil, err
		}
		out, err := g.run("cat-file", "blob", ":"+filepath.ToSlash(rel))
		if err != nil {
			return nil, errors.New("cannot read the staged content: " + err.Error())
		}
		return out, nil
	}
}

// defaultBase finds the commit --changed compares with by default: the
// merge base of HEAD and the default branch. The default branch is the one
// origin/HEAD points to; without it, the first of main, master,
// origin/main, origin/master that exists.
func (g *gitRepo) defaultBase() (base, note string, err error) {
	var branch string
	if out, err := g.run("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil {
		branch = strings.TrimSpace(string(out))
	}
	if branch == "" {
		for _, b := range []string{"main", "master", "origin/main", "origin/master"} {
			if _, err := g.run("rev-parse", "--verify", "--quiet", "--end-of-options", b+"^{commit}"); err == nil {
				branch = b
				break
			}
		}
	}
	if branch == "" {
		return "", "", UsageErrorf("--changed: cannot find the default branch (no origin/HEAD, main or master); name a revision with --changed=REF")
	}
	out, err := g.run("merge-base", "HEAD", branch)
	if err != nil {
		return "", "", UsageErrorf("--changed: no merge base of HEAD and %s (%v); name a revision with --changed=REF", branch, err)
	}
	base = strings.TrimSpace(string(out))
	return base, fmt.Sprintf("--changed: comparing with %.12s, the merge base of HEAD and %s", base, branch), nil
}

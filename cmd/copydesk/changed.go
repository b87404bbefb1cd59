package main

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

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// refFlag is the value of --changed[=REF]: a flag that may be given bare
// (compare with the default branch) or with a git revision. It reports
// itself as a boolean flag so the flag package accepts "--changed" alone;
// "--changed=REF" then sets the revision.
type refFlag struct {
	set bool
	ref string // "" for the default: the merge base with the default branch
}

func (f *refFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return f.ref
}

// Set is called with "true" for a bare --changed and with REF for --changed=REF.
func (f *refFlag) Set(s string) error {
	f.set = true
	f.ref = s
	if s == "true" {
		f.ref = ""
	}
	return nil
}

// IsBoolFlag lets the flag package take --changed without a value.
func (f *refFlag) IsBoolFlag() bool { return true }

// changedFlags are the check flags that select files with git.
func changedFlags() []cli.Flag {
	return []cli.Flag{
		&cli.GenericFlag{Name: "changed", Value: &refFlag{}, Usage: "check only HTML files that differ from git revision REF `[=REF]` (default: the merge base with the default branch), committed or not, and untracked new files"},
		&cli.BoolFlag{Name: "staged", Usage: "check only the HTML files staged for commit, as staged"},
	}
}

// inputs returns the documents a check run reads: those discover finds
// for the paths, or with --changed/--staged the changed HTML files under
// them.
func (e *env) inputs(c *cli.Context, args []string, cfg *rules.Config) ([]input, []report.InputError, error) {
	changed, _ := c.Generic("changed").(*refFlag)
	byRef := changed != nil && changed.set
	staged := c.Bool("staged")
	if !byRef && !staged {
		ins, errs := e.discover(args, cfg, c.String("stdin-filename"), c.Bool("force-exclude"))
		return ins, errs, nil
	}
	if byRef && staged {
		return nil, nil, usageErrorf("--changed and --staged cannot be used together")
	}
	for _, a := range args {
		if a == "-" {
			return nil, nil, usageErrorf("- (stdin) cannot be used with --changed or --staged")
		}
	}
	g, err := newGitRepo(c.Context, e.dir)
	if err != nil {
		return nil, nil, err
	}
	var sel selection
	if staged {
		sel, err = g.staged()
	} else {
		sel, err = g.changed(changed.ref)
	}
	if err != nil {
		return nil, nil, err
	}
	if sel.note != "" && !c.Bool("quiet") {
		fmt.Fprintf(e.stderr, "copydesk: %s\n", sel.note)
	}
	ins, errs := e.selectChanged(sel.paths, args, cfg)
	if staged {
		for i := range ins {
			ins[i].read = g.stagedReader(ins[i].abs)
		}
	}
	return ins, errs, nil
}

// selectChanged keeps the changed files that a plain run over args would
// check: HTML files under a path argument or matching a glob argument
// (relative to the working directory, as without --changed), not excluded
// by the config; with no args, those the config's include globs match or,
// without include, those under the working directory.
// A path argument that does not exist is an input error, as it is without
// --changed.
func (e *env) selectChanged(changed []string, args []string, cfg *rules.Config) ([]input, []report.InputError) {
	var errs []report.InputError
	var under []string
	var globs []*rules.Glob
	for _, a := range args {
		abs := e.abs(a)
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
			errs = append(errs, report.InputError{Path: e.rel(abs), Message: ioMessage(err)})
			continue
		}
		under = append(under, abs)
	}
	if len(args) == 0 && len(cfg.Include) == 0 {
		under = []string{e.dir} // as a run without paths walks "."
	}
	inArgs := func(abs string) bool {
		for _, u := range under {
			if abs == u || strings.HasPrefix(abs, u+string(filepath.Separator)) {
				return true
			}
		}
		rel, err := filepath.Rel(e.dir, abs)
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
	var ins []input
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
		ins = append(ins, input{abs: abs, path: e.rel(abs)})
	}
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].path < ins[j].path })
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
		return nil, usageErrorf("--changed and --staged need the git command, and it is not on PATH")
	}
	g := &gitRepo{ctx: ctx, git: git, dir: dir}
	// The top relative to dir (not git's absolute path, in which symbolic
	// links are resolved), so reports show paths as the user wrote them.
	out, err := g.run("rev-parse", "--show-cdup")
	if err != nil {
		return nil, usageErrorf("--changed and --staged work inside a git working tree: %v", err)
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
			return sel, usageErrorf("--changed=%s: not a git revision", ref)
		}
		out, err := g.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
		if err != nil {
			return sel, usageErrorf("--changed=%s: no such commit in this repository", ref)
		}
		base = strings.TrimSpace(string(out))
	}
	diff, err := g.run("diff", "--name-only", "--no-relative", "-z", "--no-renames", "--diff-filter=d", "--no-ext-diff", base, "--")
	if err != nil {
		return sel, &exitError{code: exitConfig, err: err}
	}
	untracked, err := g.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ":/")
	if err != nil {
		return sel, &exitError{code: exitConfig, err: err}
	}
	sel.paths = append(g.names(diff), g.names(untracked)...)
	return sel, nil
}

// staged lists the files added or modified in the index.
func (g *gitRepo) staged() (selection, error) {
	out, err := g.run("diff", "--cached", "--name-only", "--no-relative", "-z", "--no-renames", "--diff-filter=d", "--no-ext-diff", "--")
	if err != nil {
		return selection{}, &exitError{code: exitConfig, err: err}
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
		return "", "", usageErrorf("--changed: cannot find the default branch (no origin/HEAD, main or master); name a revision with --changed=REF")
	}
	out, err := g.run("merge-base", "HEAD", branch)
	if err != nil {
		return "", "", usageErrorf("--changed: no merge base of HEAD and %s (%v); name a revision with --changed=REF", branch, err)
	}
	base = strings.TrimSpace(string(out))
	return base, fmt.Sprintf("--changed: comparing with %.12s, the merge base of HEAD and %s", base, branch), nil
}

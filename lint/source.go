package lint

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// Source is where the documents of a run come from. Each kind of source
// lists its inputs: Paths walks the paths of the command line (and reads
// "-" from stdin), GitChanges asks git for the changed or staged files,
// FileList reads a listing (--files-from), Documents hands over documents
// a front end already has. Shard keeps a stable part of any source, and a
// web archive among the inputs is read record by record as the run
// reaches it (see Input.Archive), whatever source listed it.
type Source interface {
	// List returns the inputs of the source in report order.
	List(ctx context.Context, e *Env, cfg *rules.Config) (*Listing, error)
}

// Listing is what a source found.
type Listing struct {
	// Inputs are the documents to check (and web archives, which stand
	// for their records), sorted by Path.
	Inputs []Input
	// Errors are the paths that could not be listed (a path that does
	// not exist, a glob that matches nothing), sorted by path.
	Errors []report.InputError
	// Note, when set, is said on stderr before the run (what --changed
	// compares with).
	Note string
	// MayBeEmpty reports that a listing without inputs is no mistake:
	// git found no change, the files named were excluded on purpose, a
	// shard got none of the inputs. Otherwise a run that finds nothing to
	// check is a usage error (see Options.AllowNoFiles).
	MayBeEmpty bool
	// Total counts the inputs before a Shard kept its part (Inputs and
	// Errors when not sharded; a sharded listing counts the entries of
	// other shards as often as they are listed).
	Total int
}

// sortInputs puts inputs in report order.
func sortInputs(ins []Input) {
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
}

// Selection says which documents a run checks, as the flags of check
// give them: the paths, globs and "-" (stdin) of the command line, with
// Changed or Staged the HTML files git reports as changed under them,
// or with FilesFrom the files a listing names; Shard keeps a part.
type Selection struct {
	Args         []string // paths, globs and "-"; none: the config's include globs, or "."
	StdinName    string   // path to report for "-" ("": <stdin>)
	ForceExclude bool     // the config's exclude holds for files named in Args too
	Changed      bool     // --changed[=REF]: files that differ from Ref
	Ref          string   // "": the merge base with the default branch
	Staged       bool     // --staged: files staged for commit, as staged
	FilesFrom    string   // --files-from: a listing of files to check ("-": stdin)
	Shard        ShardSpec
}

// Source returns the source of the documents s selects, or a usage error
// for flags that do not go together.
func (s Selection) Source() (Source, error) {
	var src Source
	switch {
	case s.Changed && s.Staged:
		return nil, UsageErrorf("--changed and --staged cannot be used together")
	case s.FilesFrom != "" && (s.Changed || s.Staged):
		return nil, UsageErrorf("--files-from cannot be used with --changed or --staged")
	case s.FilesFrom != "" && len(s.Args) > 0:
		return nil, UsageErrorf("--files-from names the files to check; give no paths with it (%s)", s.Args[0])
	case s.FilesFrom != "":
		src = FileList{Name: s.FilesFrom, ForceExclude: s.ForceExclude}
	case s.Changed || s.Staged:
		for _, a := range s.Args {
			if a == "-" {
				return nil, UsageErrorf("- (stdin) cannot be used with --changed or --staged")
			}
		}
		src = GitChanges{Args: s.Args, Ref: s.Ref, Staged: s.Staged}
	default:
		src = Paths{Args: s.Args, StdinName: s.StdinName, ForceExclude: s.ForceExclude}
	}
	if s.Shard.Count > 0 {
		src = Shard{Source: src, Spec: s.Shard}
	}
	return src, nil
}

// Inputs lists the documents s selects (see Selection.Source): the
// inputs, the paths that could not be listed and the note to say.
func (e *Env) Inputs(ctx context.Context, s Selection, cfg *rules.Config) (ins []Input, errs []report.InputError, note string, err error) {
	src, err := s.Source()
	if err != nil {
		return nil, nil, "", err
	}
	ls, err := src.List(ctx, e, cfg)
	if err != nil {
		return nil, nil, "", err
	}
	return ls.Inputs, ls.Errors, ls.Note, nil
}

// Paths is the source of a run over paths: directories walked for *.html
// and *.htm, globs, files named (checked even when the config excludes
// them, unless ForceExclude) and "-" for stdin; with no path, the
// config's include globs or the working directory (see discover).
type Paths struct {
	Args         []string
	StdinName    string
	ForceExclude bool
}

// List walks the paths.
func (p Paths) List(_ context.Context, e *Env, cfg *rules.Config) (*Listing, error) {
	ins, errs := e.discover(p.Args, cfg, p.StdinName, p.ForceExclude)
	return &Listing{Inputs: ins, Errors: errs, MayBeEmpty: e.namesFile(p.Args), Total: len(ins) + len(errs)}, nil
}

// GitChanges is the source of --changed and --staged: the HTML files git
// reports as changed (or staged) under the paths Args, as a run over
// Args would check them.
type GitChanges struct {
	Args   []string
	Ref    string // --changed=REF; "": the merge base with the default branch
	Staged bool   // the files staged for commit, read as staged
}

// List asks git.
func (g GitChanges) List(ctx context.Context, e *Env, cfg *rules.Config) (*Listing, error) {
	repo, err := newGitRepo(ctx, e.Dir)
	if err != nil {
		return nil, err
	}
	var sel selection
	if g.Staged {
		sel, err = repo.staged()
	} else {
		sel, err = repo.changed(g.Ref)
	}
	if err != nil {
		return nil, err
	}
	ins, errs := e.selectChanged(sel.paths, g.Args, cfg)
	if g.Staged {
		for i := range ins {
			ins[i].Read = repo.stagedReader(ins[i].Abs)
		}
	}
	return &Listing{Inputs: ins, Errors: errs, Note: sel.note, MayBeEmpty: true, Total: len(ins) + len(errs)}, nil
}

// FileList is the source of --files-from: a listing of the files to
// check, one path a line, or NUL-separated (as find -print0 writes;
// a listing holding a NUL byte is read that way). Name is the listing's
// file, "-" for stdin. Each path names a file, as on the command line:
// it is checked whatever its name and even when the config excludes it
// (unless ForceExclude); it is not walked nor taken as a glob, so a
// listing of millions of files costs no stat before the run reads them
// (and a shard reads only its own). Empty lines are skipped, and a path
// listed twice is checked once.
type FileList struct {
	Name         string
	ForceExclude bool
}

// List reads the listing.
func (f FileList) List(_ context.Context, e *Env, cfg *rules.Config) (*Listing, error) {
	return f.list(e, cfg, nil)
}

// list reads the listing, keeping the paths keep accepts (all when nil)
// so that a shard holds only its part of a long listing.
func (f FileList) list(e *Env, cfg *rules.Config, keep func(path string) bool) (*Listing, error) {
	r, name := e.Stdin, "stdin"
	if f.Name != "-" {
		file, err := os.Open(e.Abs(f.Name))
		if err != nil {
			return nil, UsageErrorf("--files-from %s: %s", f.Name, IOMessage(err))
		}
		defer file.Close()
		r, name = file, f.Name
	}
	br := bufio.NewReaderSize(r, 64<<10)
	sep, err := listSeparator(br)
	if err != nil {
		return nil, UsageErrorf("--files-from %s: %s", name, IOMessage(err))
	}
	excluded := excluder(cfg)
	ls := &Listing{}
	seen := map[string]bool{}
	line := 0
	for {
		entry, err := br.ReadString(sep)
		if err != nil && err != io.EOF {
			return nil, UsageErrorf("--files-from %s: %s", name, IOMessage(err))
		}
		if entry != "" {
			line++
			switch p := trimEntry(entry, sep); p {
			case "":
			case "-":
				return nil, UsageErrorf("--files-from %s: entry %d is -: a listing names files, not stdin", name, line)
			default:
				abs := e.Abs(p)
				rel := e.Rel(abs)
				switch {
				case f.ForceExclude && excluded(abs):
					ls.MayBeEmpty = true
				case keep != nil && !keep(rel):
					// Another shard's: not kept, not even in seen.
					ls.Total++
				case !seen[abs]:
					seen[abs] = true
					ls.Total++
					ls.Inputs = append(ls.Inputs, Input{Abs: abs, Path: rel, Archive: IsArchive(abs)})
				}
			}
		}
		if err == io.EOF {
			break
		}
	}
	sortInputs(ls.Inputs)
	return ls, nil
}

// listSeparator tells how a listing separates its paths: by NUL when it
// holds a NUL byte in its first 64 KiB, else by newline.
func listSeparator(br *bufio.Reader) (byte, error) {
	head, err := br.Peek(br.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return 0, err
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return 0, nil
	}
	return '\n', nil
}

// trimEntry returns the path of one entry of a listing: without its
// separator, and for newline-separated listings without a carriage
// return before it (a listing written on Windows).
func trimEntry(entry string, sep byte) string {
	if len(entry) > 0 && entry[len(entry)-1] == sep {
		entry = entry[:len(entry)-1]
	}
	if sep == '\n' && len(entry) > 0 && entry[len(entry)-1] == '\r' {
		entry = entry[:len(entry)-1]
	}
	return entry
}

// Documents is a source of documents a front end already has (an editor
// server's open files, a given subset of a workspace): each Input says
// where to read it (Abs, or Read) and how to report it (Path).
type Documents []Input

// List returns the documents in report order.
func (d Documents) List(context.Context, *Env, *rules.Config) (*Listing, error) {
	ins := append([]Input(nil), d...)
	for i := range ins {
		if ins[i].Path == "" {
			return nil, fmt.Errorf("document %d has no path to report", i)
		}
	}
	sortInputs(ins)
	return &Listing{Inputs: ins, Total: len(ins)}, nil
}

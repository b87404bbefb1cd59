// Package lint runs copydesk over inputs: it is the library behind the
// copydesk command and the HTTP service, and any other front end (an
// editor server, a runner that splits a run into shards).
//
//   - Env is the process a run sees: its streams, environment, working
//     directory and file system.
//   - Env.Load finds the config (.copydesk.yml walking up, or the
//     default), loads the packs and rule files and compiles the engine
//     into a Linter, whose CheckSource checks one document's bytes and
//     whose RuleEntries lists its rules (with Catalog, the built-in ones
//     it leaves out too); Env.Explain says what explain says of a rule.
//   - For an editor: Env.LoadWith loads the config that applies to a
//     document's directory and reads config and rule files through a
//     function (the editor's unsaved text); Linter.CheckDocument and
//     FixDocument check and fix a document held in memory and hand back
//     the findings and fixes as byte offsets into it.
//   - A Source lists the documents to check: Paths (paths, globs and "-"
//     walked for *.html and *.htm, the config's include and exclude
//     globs), GitChanges (the files git reports as changed or staged),
//     FileList (a listing, --files-from), Documents (documents a front
//     end holds); Shard keeps one shard's stable part of any of them.
//     Selection.Source builds the source check's flags describe.
//   - Run is a whole check run (over Options.Source, or the Selection):
//     inputs checked by a pool of workers and reported in path order as
//     they finish, fixes applied in place (atomically) or printed as a
//     patch, a baseline applied or written, reports streamed to stdout or
//     written atomically to files.
//
// A run ends with an *ExitError carrying the exit code of docs/commands.md,
// "Exit codes" (nil for 0). lint decides no presentation, which belongs to
// package report, and reads no flags, which belong to cmd/copydesk.
package lint

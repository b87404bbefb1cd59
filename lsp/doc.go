// Package lsp is copydesk's language server (`copydesk lsp`): the
// Language Server Protocol 3.17 over stdin and stdout, so that editors
// show findings while an article or a rule file is written. It checks
// with package lint, as check and serve do: the same config discovery
// (.copydesk.yml walking up from each document's directory, or --config),
// the same rule loading (reading the editor's unsaved config and rule
// files through lint.LoadOptions.ReadFile) and the same checks and fixes
// (lint.Linter.CheckDocument and FixDocument). docs/editors.md says how
// to set up each editor.
//
// What it does:
//
//   - HTML documents are checked when opened and after each change, once
//     changes pause for Options.Debounce. Their diagnostics carry the
//     finding's range, severity, rule id (code) and rule url
//     (codeDescription), and for an exact check the expected text as
//     related information. Every change bumps a generation; a check
//     publishes only when its document is still at the generation it
//     checked, so a slow check of old text never overwrites the
//     diagnostics of newer text. One check of a document runs at a time,
//     and at most Options.Jobs at once.
//   - Code actions: the fix of a finding, as a workspace edit; a
//     copydesk-ignore comment for it, with a reason to fill in; and "fix
//     all" (command copydesk.fixAll), which fixes the document in passes
//     as check --fix does and sends the result with workspace/applyEdit.
//   - Hover over a finding shows what `copydesk explain` says of its rule.
//   - .copydesk.yml and rule files are loaded as check loads them, and
//     their problems are diagnostics at their positions; a change to them
//     re-checks every open document with the new rules.
//   - Positions are in UTF-16 code units unless the client offers UTF-8
//     (positionEncodings, or clangd's offsetEncoding, which Neovim before
//     0.10 sends).
//   - $/cancelRequest answers a request at once with RequestCancelled; a
//     panic inside a check becomes an error diagnostic on that document,
//     and a panic in a request an error response: the server goes on.
//
// The protocol is written here rather than taken from a library. What
// copydesk needs is small: the base protocol's framing (Content-Length
// headers), JSON-RPC 2.0 requests, notifications and responses in both
// directions, cancellation, and some twenty LSP structs. The Go
// libraries on offer bring more than that and less: go.lsp.dev/protocol
// and github.com/tliron/glsp stop at LSP 3.16 (no positionEncoding,
// which the UTF-8 positions need) and bring their own logging stacks
// (zap, commonlog) and websocket transports; github.com/sourcegraph/
// jsonrpc2 is the JSON-RPC half only, with the LSP structs still to
// write. Owning the framing also keeps the two orderings the server
// depends on in view: notifications about documents are applied in
// order before any later request is served, and messages are sent in
// the order they are queued (writer), from one goroutine that never
// blocks the others.
package lsp

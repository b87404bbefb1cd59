package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// cmdFixAll is the command of the "fix all" code action: the server
// fixes the document as check --fix does and sends the edit with
// workspace/applyEdit. Its argument is {"uri": …, "version": …}.
const cmdFixAll = "copydesk.fixAll"

// reasonPlaceholder stands for the reason a suppression needs, for the
// writer to replace.
const reasonPlaceholder = "TODO: say why the rule does not apply here"

// fresh returns the check of a document as it is now: the last one when
// nothing changed since, else a check made here (which the scheduled
// check then publishes rather than repeating it).
func (s *Server) fresh(ctx context.Context, uri string) (*result, *rpcError) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		s.mu.Unlock()
		return nil, errorf(codeInvalidParams, "%s is not open", uri)
	}
	if d.result != nil && d.result.gen == d.gen {
		res := d.result
		s.mu.Unlock()
		return res, nil
	}
	snap := d.snapshot()
	s.mu.Unlock()
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, errorf(codeRequestCancelled, "cancelled")
	}
	res := s.compute(snap)
	<-s.slots
	s.mu.Lock()
	if s.docs[uri] == d && d.gen == snap.gen && (d.result == nil || d.result.gen < res.gen) {
		d.result = res
	}
	s.mu.Unlock()
	return res, nil
}

// hover answers textDocument/hover over a finding: what explain says of
// its rule (of each rule, where findings overlap).
func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, *rpcError) {
	var p TextDocumentPositionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	res, rerr := s.fresh(ctx, p.TextDocument.URI)
	if rerr != nil || res.linter == nil {
		return nil, rerr
	}
	off := res.text.offset(p.Position)
	s.mu.Lock()
	markdown := false
	for _, f := range s.caps.TextDocument.Hover.ContentFormat {
		markdown = markdown || f == "markdown"
	}
	s.mu.Unlock()
	var parts []string
	var first *Range
	seen := map[string]bool{}
	for i := range res.findings {
		f := &res.findings[i]
		under := f.Span.Start <= off && off < f.Span.End || f.Span.Start == off
		if res.diagOf[i] < 0 || !under || seen[f.Rule.ID] {
			continue
		}
		seen[f.Rule.ID] = true
		x, err := s.env.Explain(res.linter, nil, f.Rule.ID)
		if err != nil {
			continue
		}
		if markdown {
			parts = append(parts, report.ExplanationMarkdown(x))
		} else {
			var b bytes.Buffer
			_ = report.WriteExplanation(&b, x)
			parts = append(parts, b.String())
		}
		if first == nil {
			r := res.diags[res.diagOf[i]].Range
			first = &r
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	h := Hover{Contents: MarkupContent{Kind: "plaintext", Value: strings.Join(parts, "\n")}, Range: first}
	if markdown {
		h.Contents = MarkupContent{Kind: "markdown", Value: strings.Join(parts, "\n\n---\n\n")}
	}
	return h, nil
}

// codeAction answers textDocument/codeAction: for each finding in the
// range, its fix and a suppression comment; and the fix of every finding
// of the document at once.
func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, *rpcError) {
	var p CodeActionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	res, rerr := s.fresh(ctx, p.TextDocument.URI)
	if rerr != nil {
		return nil, rerr
	}
	actions := []CodeAction{}
	if res.linter == nil {
		return actions, nil
	}
	start, end := res.text.offset(p.Range.Start), res.text.offset(p.Range.End)
	asked := map[int]bool{} // findings of the diagnostics given, when from this check
	for _, d := range p.Context.Diagnostics {
		if d.Data != nil && d.Data.Check == res.gen {
			asked[d.Data.Finding] = true
		}
	}
	var inRange []int
	for i := range res.findings {
		f := &res.findings[i]
		if res.diagOf[i] >= 0 && (asked[i] || f.Span.Start <= end && start <= f.Span.End) {
			inRange = append(inRange, i)
		}
	}
	quick := wants(p.Context.Only, kindQuickFix)
	if quick {
		var doc *checker.Document
		suppressed := map[string]bool{}
		for _, i := range inRange {
			f := &res.findings[i]
			diag := res.diags[res.diagOf[i]]
			if f.Fix != nil {
				actions = append(actions, CodeAction{
					Title:       fmt.Sprintf("Fix: %s (%s)", f.Fix.Message, f.Rule.ID),
					Kind:        kindQuickFix,
					Diagnostics: []Diagnostic{diag},
					IsPreferred: true,
					Edit:        s.workspaceEdit(res, byteEdits(res.text, f.Fix.Edits)),
				})
			}
			if doc == nil {
				var err error
				if doc, err = checker.ParseSent(res.in.Path, []byte(res.text.s), "utf-8"); err != nil {
					continue
				}
			}
			edit, where := suppression(doc, res.text.s, f)
			if key := f.Rule.ID + where; !suppressed[key] {
				suppressed[key] = true
				actions = append(actions, CodeAction{
					Title:       fmt.Sprintf("Suppress %s %s (copydesk-ignore comment)", f.Rule.ID, where),
					Kind:        kindQuickFix,
					Diagnostics: []Diagnostic{diag},
					Edit:        s.workspaceEdit(res, byteEdits(res.text, []checker.Edit{edit})),
				})
			}
		}
	}
	hasFix := false
	for _, i := range inRange {
		hasFix = hasFix || res.findings[i].Fix != nil
	}
	fixAll := func(kind string) CodeAction {
		title := fmt.Sprintf("Fix all copydesk findings in this file (%d with a fix)", res.fixable)
		return CodeAction{Title: title, Kind: kind, Command: &Command{
			Title: title, Command: cmdFixAll,
			Arguments: []any{map[string]any{"uri": res.uri, "version": res.version}},
		}}
	}
	switch {
	case res.fixable == 0:
	case len(p.Context.Only) > 0 && wants(p.Context.Only, kindFixAll):
		actions = append(actions, fixAll(kindFixAll))
	case quick && hasFix:
		actions = append(actions, fixAll(kindQuickFix))
	}
	return actions, nil
}

// wants reports whether a code action of kind is asked for: only is
// empty, or holds kind or a kind it is a part of ("source" holds
// "source.fixAll.copydesk").
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// suppression returns the edit that inserts a copydesk-ignore comment
// covering finding f (a reason placeholder for the writer to replace),
// and words where it goes. A finding about the whole page gets a
// copydesk-ignore-file comment after the doctype.
func suppression(doc *checker.Document, src string, f *checker.Finding) (checker.Edit, string) {
	at := doc.SuppressAt(f.Span.Start)
	if at < 0 {
		at = 0
		if i := strings.Index(strings.ToLower(src), "<!doctype"); i >= 0 && strings.TrimSpace(strings.TrimPrefix(src[:i], "\ufeff")) == "" {
			if j := strings.IndexByte(src[i:], '>'); j >= 0 {
				at = i + j + 1
			}
		}
		text := "<!-- copydesk-ignore-file " + f.Rule.ID + " -- " + reasonPlaceholder + " -->"
		if at > 0 {
			text = lineBreak(src) + text
		}
		return checker.Edit{Start: at, End: at, Text: text}, "in this file"
	}
	// Own line, indented as the element, when the element starts its line.
	ls := at
	for ls > 0 && src[ls-1] == ' ' || ls > 0 && src[ls-1] == '\t' {
		ls--
	}
	comment := "<!-- copydesk-ignore " + f.Rule.ID + " -- " + reasonPlaceholder + " -->"
	if ls == 0 || src[ls-1] == '\n' || src[ls-1] == '\r' {
		return checker.Edit{Start: at, End: at, Text: comment + lineBreak(src) + src[ls:at]}, "for this element"
	}
	return checker.Edit{Start: at, End: at, Text: comment}, "for this element"
}

// lineBreak is the first line break of src, or "\n".
func lineBreak(src string) string {
	if i := strings.IndexAny(src, "\r\n"); i >= 0 {
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			return "\r\n"
		}
		return src[i : i+1]
	}
	return "\n"
}

// byteEdits turns edits of byte offsets into TextEdits.
func byteEdits(t *text, edits []checker.Edit) []TextEdit {
	out := make([]TextEdit, len(edits))
	for i, e := range edits {
		out[i] = TextEdit{Range: t.rangeOf(e.Start, e.End), NewText: e.Text}
	}
	return out
}

// workspaceEdit is edits of the version of a document that res checked:
// as a versioned document change when the client takes them (a client
// then refuses the edit of a version it no longer has).
func (s *Server) workspaceEdit(res *result, edits []TextEdit) *WorkspaceEdit {
	s.mu.Lock()
	versioned := s.caps.Workspace.WorkspaceEdit.DocumentChanges
	s.mu.Unlock()
	if versioned {
		return &WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{TextDocument: VersionedTextDocumentIdentifier{URI: res.uri, Version: res.version}, Edits: edits}}}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{res.uri: edits}}
}

// executeCommand runs copydesk.fixAll: the document is fixed as check
// --fix fixes the file, and the client is asked to apply the difference.
func (s *Server) executeCommand(ctx context.Context, params json.RawMessage) (any, *rpcError) {
	var p ExecuteCommandParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errorf(codeInvalidParams, "%v", err)
	}
	if p.Command != cmdFixAll {
		return nil, errorf(codeInvalidParams, "unknown command %q (copydesk has %s)", p.Command, cmdFixAll)
	}
	var arg struct {
		URI     string `json:"uri"`
		Version *int32 `json:"version"`
	}
	if len(p.Arguments) != 1 || json.Unmarshal(p.Arguments[0], &arg) != nil || arg.URI == "" {
		return nil, errorf(codeInvalidParams, `%s takes one argument, {"uri": …, "version": …}`, cmdFixAll)
	}
	s.mu.Lock()
	applyEdit := s.caps.Workspace.ApplyEdit
	d := s.docs[arg.URI]
	var snap snapshot
	if d != nil {
		snap = d.snapshot()
	}
	s.mu.Unlock()
	switch {
	case !applyEdit:
		return nil, errorf(codeInvalidRequest, "the client cannot apply edits (workspace.applyEdit)")
	case d == nil:
		return nil, errorf(codeInvalidParams, "%s is not open", arg.URI)
	case arg.Version != nil && *arg.Version != snap.version:
		return nil, errorf(codeContentModified, "the document changed since the fix was offered (version %d, now %d); ask for it again", *arg.Version, snap.version)
	case snap.kind != kindHTML:
		return nil, errorf(codeInvalidParams, "%s is not an HTML document", arg.URI)
	}
	res, rerr := s.fresh(ctx, arg.URI)
	if rerr != nil {
		return nil, rerr
	}
	if res.gen != snap.gen || res.linter == nil {
		return nil, errorf(codeContentModified, "the document cannot be fixed as it is: %s", firstMessage(res))
	}
	fixed, notes, ierr := res.linter.FixDocument(res.in, []byte(res.text.s), s.opts.Jurisdictions)
	if ierr != nil {
		return nil, errorf(codeInternalError, "%s", ierr.Message)
	}
	for _, n := range notes {
		s.logf("%s", n)
	}
	edits := report.LineEdits(res.text.s, string(fixed.Doc.File))
	if len(edits) == 0 {
		return nil, nil
	}
	var answer ApplyWorkspaceEditResult
	edit := s.workspaceEdit(res, byteEdits(res.text, edits))
	if err := s.conn.call(ctx, "workspace/applyEdit", ApplyWorkspaceEditParams{Label: "copydesk: fix all", Edit: *edit}, &answer); err != nil {
		if ctx.Err() != nil {
			return nil, errorf(codeRequestCancelled, "cancelled")
		}
		return nil, errorf(codeInternalError, "workspace/applyEdit: %v", err)
	}
	if !answer.Applied {
		return nil, errorf(codeContentModified, "the editor did not apply the fixes: %s", answer.FailureReason)
	}
	return nil, nil
}

// firstMessage is the first diagnostic of a check, for errors.
func firstMessage(res *result) string {
	if len(res.diags) > 0 {
		return res.diags[0].Message
	}
	return "no findings"
}

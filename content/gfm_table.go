package content

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GitHub's tables (GFM spec, section 4.10), parsed here rather than by
// goldmark's extension package, whose initialisers compile regular
// expressions on every start of cc. The HTML is the one that package
// wrote, byte for byte (FuzzGFMDiff), also where it differs from the
// spec:
//   - a header row with fewer cells than the delimiter row is filled
//     with empty cells, and cells so added to any row have no alignment;
//   - `\|` is taken out of a code span only when a backtick comes before
//     it in the cell.

// tableParagraph turns a paragraph whose lines hold a header row and a
// delimiter row into a table; the lines before the header stay a
// paragraph.
type tableParagraph struct{}

// escapedPipesKey holds, for one document, the table cells whose code
// spans have `\|` to unescape once the inlines are parsed.
var escapedPipesKey = parser.NewContextKey()

// escapedPipes is a cell and the offsets in the source of the backslash
// of each `\|` in it.
type escapedPipes struct {
	cell *east.TableCell
	at   []int
}

func (tableParagraph) Transform(para *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := para.Lines()
	source := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		aligns := delimiterRow(seg.Value(source))
		if aligns == nil {
			continue
		}
		header := tableRow(lines.At(i-1), aligns, true, source, pc)
		if header.ChildCount() != len(aligns) {
			return
		}
		table := east.NewTable()
		table.Alignments = aligns
		table.AppendChild(table, east.NewTableHeader(header))
		for j := i + 1; j < lines.Len(); j++ {
			table.AppendChild(table, tableRow(lines.At(j), aligns, false, source, pc))
		}
		parent := para.Parent()
		parent.InsertAfter(parent, para, table)
		lines.SetSliced(0, i-1)
		if lines.Len() == 0 {
			parent.RemoveChild(parent, para)
			return
		}
		last := lines.At(i - 2)
		last.Stop-- // the paragraph's last line loses its newline
		lines.Set(i-2, last)
		return
	}
}

// delimiterRow is the alignment of each column of a delimiter row
// (`| :--- | :-: | --: |`), or nil when line is not one.
func delimiterRow(line []byte) []east.Alignment {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return nil
	}
	onlyDashes := true
	for _, b := range line {
		if b != '-' {
			onlyDashes = false
		}
		if !util.IsSpace(b) && b != '-' && b != '|' && b != ':' {
			return nil
		}
	}
	if onlyDashes {
		return nil
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	var aligns []east.Alignment
	for _, col := range cols {
		col = util.TrimRightSpace(util.TrimLeftSpace(col))
		left := len(col) > 0 && col[0] == ':'
		if left {
			col = col[1:]
		}
		right := len(col) > 0 && col[len(col)-1] == ':'
		if right {
			col = col[:len(col)-1]
		}
		if len(col) == 0 || len(bytes.Trim(col, "-")) != 0 {
			return nil
		}
		switch {
		case left && right:
			aligns = append(aligns, east.AlignCenter)
		case left:
			aligns = append(aligns, east.AlignLeft)
		case right:
			aligns = append(aligns, east.AlignRight)
		default:
			aligns = append(aligns, east.AlignNone)
		}
	}
	return aligns
}

// tableRow cuts a row's line into cells at each pipe that no backslash
// escapes. A body row's cells beyond the columns are dropped; a header
// keeps them, so that it no longer matches the delimiter row.
func tableRow(line text.Segment, aligns []east.Alignment, header bool, source []byte, pc parser.Context) *east.TableRow {
	row := east.NewTableRow(aligns)
	line = line.TrimLeftSpace(source)
	line = line.TrimRightSpace(source)
	v := line.Value(source)
	from, to := 0, len(v)
	if len(v) > 0 && v[0] == '|' {
		from++
	}
	if len(v) > 0 && v[len(v)-1] == '|' {
		to--
	}
	col := 0
	for ; from < to; col++ {
		align := east.AlignNone
		if col < len(aligns) {
			align = aligns[col]
		} else if !header {
			return row
		}
		cell := east.NewTableCell()
		cell.Alignment = align
		var escaped *escapedPipes
		backtick := false
		end := from
		for ; end < to; end++ {
			switch {
			case v[end] == '`':
				backtick = true
			case v[end] != '|':
			case v[end-1] != '\\':
				goto cut
			case backtick:
				if escaped == nil {
					escaped = &escapedPipes{cell: cell}
					list, _ := pc.Get(escapedPipesKey).([]*escapedPipes)
					pc.Set(escapedPipesKey, append(list, escaped))
				}
				escaped.at = append(escaped.at, line.Start+end-1)
			}
		}
	cut:
		seg := text.NewSegment(line.Start+from, line.Start+end)
		seg = seg.TrimLeftSpace(source)
		seg = seg.TrimRightSpace(source)
		cell.Lines().Append(seg)
		row.AppendChild(row, cell)
		from = end + 1
	}
	for ; col < len(aligns); col++ {
		row.AppendChild(row, east.NewTableCell())
	}
	return row
}

// tableEscapes takes the backslash of `\|` out of the code spans of table
// cells: the pipe is escaped for the table, not for the code.
type tableEscapes struct{}

func (tableEscapes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	list, _ := pc.Get(escapedPipesKey).([]*escapedPipes)
	if list == nil {
		return
	}
	pc.Set(escapedPipesKey, nil)
	for _, e := range list {
		_ = ast.Walk(e.cell, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && n.Kind() == ast.KindCodeSpan {
				dropBackslashes(n, e.at)
			}
			return ast.WalkContinue, nil
		})
	}
}

// dropBackslashes splits each text of code span n around the bytes at.
func dropBackslashes(n ast.Node, at []int) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok {
			c = next
			continue
		}
		whole := t.Segment
		cur := ast.Node(t)
		for _, p := range at {
			if p < whole.Start || p >= whole.Stop {
				continue
			}
			seg := cur.(*ast.Text).Segment
			before := ast.NewRawTextSegment(seg.WithStop(p))
			after := ast.NewRawTextSegment(seg.WithStart(p + 1))
			n.InsertAfter(n, cur, before)
			n.InsertAfter(n, before, after)
			n.RemoveChild(n, cur)
			cur = after
		}
		c = next
	}
}

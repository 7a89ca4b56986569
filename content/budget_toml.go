package content

// What BurntSushi/toml allocates, from above, measured on v1.6.0 (see
// budget_test.go): the block is copied into a string and every byte into a
// lexer item and a value; each array item, inline table, table header and
// key costs an item, a Go value and a map entry; and each key is stored
// with its whole dotted path, so a key k levels deep costs k times a path
// element: a dotted key of depth d costs d squared.
const (
	tomlByteCost  = 6
	tomlItemCost  = 160
	tomlTableCost = 240
	tomlPathCost  = 40
)

// tomlCost is an estimate, from above, of the bytes BurntSushi/toml
// allocates to decode block into a map. Like YAMLCost it counts the places
// an item may start wherever they are, and stops early, returning the
// 1-based line where the estimate passed limit, or 0.
func tomlCost(block []byte, limit int64) (cost int64, overLine int) {
	line, depth, dots := 1, int64(0), int64(0)
	header := false // the line starts with '[': dots set the depth of what follows
	lineStart := true
	for _, c := range block {
		cost += tomlByteCost
		switch c {
		case '\n':
			cost += tomlPathCost * (depth + dots) * (dots + 1)
			if header {
				depth = dots + 1
			}
			line++
			dots, header, lineStart = 0, false, true
			if cost > limit {
				return cost, line - 1
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '.':
			dots++
		case ',', '=':
			cost += tomlItemCost
		case '[', '{':
			cost += tomlTableCost
			if lineStart && c == '[' {
				header = true
			}
		}
		lineStart = false
	}
	cost += tomlPathCost * (depth + dots) * (dots + 1)
	if cost > limit {
		return cost, line
	}
	return cost, 0
}

package gitstore

// WriteCommit writes a commit whose tree is base's with changes applied,
// and returns its id, without moving any ref: a commit that a later
// Commit (MoveTo) makes reachable, such as one of a replay onto another
// tip. Until then it is unreachable, and a git gc may remove it.
func (s *Store) WriteCommit(base *Snapshot, changes []Change, parents []Hash, author, committer Signature, msg string) (Hash, error) {
	files := make([]*plannedFile, len(changes))
	for i, c := range changes {
		if err := checkPath(c.Path); err != nil {
			return Hash{}, err
		}
		f := &plannedFile{path: c.Path, data: c.Data, delete: c.Delete}
		if !c.Delete {
			var err error
			if f.blob, err = s.writeObject(objBlob, c.Data); err != nil {
				return Hash{}, err
			}
		}
		files[i] = f
	}
	ct, err := newChangeTree(files)
	if err != nil {
		return Hash{}, err
	}
	tree, _, err := s.patchTree(base.tree, ct, "")
	if err != nil {
		return Hash{}, err
	}
	return s.writeObject(objCommit, commitBody(tree, parents, author, committer, msg))
}

package gitstore

// ConfigValue returns the value of a git config key, such as
// "user.signingKey" or "gpg.format", as `git config --get` would: from the
// system, global, repository and worktree files and GIT_CONFIG_COUNT, with
// includes followed, the last value winning. Section and key names are
// case-insensitive, subsection names are not. ok is false when the key is
// not set; a key set without a value reads as "true", its meaning as a
// boolean (git config --get prints it empty).
func (s *Store) ConfigValue(key string) (value string, ok bool, err error) {
	cfg, err := s.config()
	if err != nil {
		return "", false, err
	}
	value, ok = cfg.get(normalizeKey(key))
	return value, ok, nil
}

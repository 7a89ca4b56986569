// Package sshsign signs review event payloads with the user's SSH key, in
// the SSHSIG format of ssh-keygen -Y sign (namespace "cc", SHA-512). It owns
// finding that key: a private key file, or a public key file or key::
// literal whose private half is in the SSH agent at SSH_AUTH_SOCK, and
// signing through the agent whenever the key is there, as ssh-keygen does.
//
// It does I/O (key files, the agent's socket) and nothing else: what to
// sign comes from review.Payload and verifying is review.Verify. It imports
// review for the namespace only, and must not import cobra, go-git,
// gitstore or any package of cmd.
package sshsign

// How a simulated user is named on the shared mock backend, in one place for both processes:
// the client's tokens carry the user id, and the server's `userOf` reads it back.

/** The backend's user id for simulated user `user` (0, 1, ...). */
export const userIdOf = (user) => `u${user}`;

/** The token a conversation presents: the user id first, then the conversation and refresh count. */
export const tokenFor = (user, conversation, generation) => `${userIdOf(user)}.c${conversation}.t${generation}`;

/** `userOf` for the mock backend: the user id at the front of the token. */
export const userOfToken = (token) => token?.split(".")[0] || "anonymous";

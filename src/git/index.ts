/** Git for prompt changes, reverts and postmortem commits: everything runs `git` through execFile, never a shell. */
export { GitError, isGitError, runGit, git, gitSucceeds, repoRoot, stripUrlCredentials, type GitErrorKind, type GitRunOptions, type GitOutput } from './git';
export { operationInProgress, assertNoOperationInProgress, currentBranch, headSha, branchExists, worktreeChanges, parsePorcelainV2, type GitOperation, type WorktreeChange } from './repoState';
export { findPromptChanges, parseTimeArg, toPathspecs, DEFAULT_PROMPT_PATHS, type PromptChange, type FindPromptChangesOptions } from './promptChanges';
export { revertCommits, describeCommit, type CommitInfo, type RevertOptions, type RevertResult, type RevertFailure } from './revert';
export { createBranchAndCommit, type BranchCommitOptions, type BranchCommitResult } from './branchCommit';
export { hasRemote, listRemotes, push, type PushOptions } from './remote';

/**
 * What the read functions take: the documents of a festival tree, or the model already built
 * from them (build it once with {@link readTree} for several reads).
 * @module
 */
import { buildTree, buildTreeSteps, type FestivalTree, type TreeModel } from './tree-model.js';
import type { Steps } from './steps.js';

/** Either the documents of a tree or a model already built from them with {@link readTree}. */
export type TreeInput = FestivalTree | TreeModel;

function isModel(t: TreeInput): t is TreeModel {
	return 'festivals' in t && 'byResource' in t;
}

/** Builds the model of a whole tree once, for several reads (a model is returned as it is). */
export function readTree(tree: TreeInput): TreeModel {
	return isModel(tree) ? tree : buildTree(tree);
}

/** {@link readTree} in steps (see steps.ts), for a caller that runs it in slices. */
export function* readTreeSteps(tree: TreeInput): Steps<TreeModel> {
	return isModel(tree) ? tree : yield* buildTreeSteps(tree);
}

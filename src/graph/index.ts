/** The engine's public API. */
export { defineNode, defineTransform } from './define.ts';
export { definePipeline, itemReaches, type Pipeline, type PipelineSpec } from './pipeline.ts';
export { createEngine, Engine, type AddItemInput, type CombinationInput, type EngineOptions, type HistoryView } from './engine.ts';
export { feed, type FeedEvent, type FeedOptions } from './feed.ts';
export type { ItemAtNode, NodeOutput, RunRecord } from './state.ts';
export type * from './types.ts';
export { isImage2D, isNumArray } from './types.ts';
export { BeamflowError, isBeamflowError, type ErrorDetail, type ErrorKind } from './errors.ts';
export { builtinCombiners, type Combiner, type CombineOptions, align } from './combine.ts';
export type { Executor, TaskResult, TransformTask } from './exec/executor.ts';
export { PoolExecutor, type PoolOptions } from './exec/pool.ts';
export { pack, unpack, type Packed } from './exec/pack.ts';
export { defaultParams, paramsKey } from './params.ts';
export type { Action, DataEvent, EngineEvent, ItemInit, NavigationEvent } from '../history/actions.ts';
export { Document, ItemDoc, type ItemSource, type LastChange } from '../history/document.ts';
export type { History, Step } from '../history/history.ts';

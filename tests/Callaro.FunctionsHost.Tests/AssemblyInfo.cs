// Host tests mostly wait on worker processes and storage, so three collections run at once even on two cores.
[assembly: CollectionBehavior(MaxParallelThreads = 3)]

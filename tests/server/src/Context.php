<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Everything an operation handler needs for one request. */
final class Context
{
    public readonly RecordStore $store;
    public readonly RecordView $view;
    public readonly IdLadder $ids;
    public readonly RecordWriter $writer;
    public readonly Clock $clock;
    public readonly SessionStore $sessions;
    /** Session the request runs in (null for prelogin operations without one). */
    public ?string $sessionId = null;

    public function __construct(
        public readonly \PDO $db,
        public readonly Metadata $meta,
        public readonly WebRequest $request,
        public readonly string $rootDir,
    ) {
        $this->clock = new Clock($db);
        $this->store = new RecordStore($db);
        $this->view = new RecordView($meta, $db);
        $this->ids = new IdLadder($meta, $this->store);
        $this->writer = new RecordWriter($meta, $this->store, $this->ids, $this->clock);
        $this->sessions = new SessionStore($db, $this->clock);
    }
}

<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Errors;

/** create, retrieve, update, revise, delete (include/Webservices/Create.php, Retrieve.php, ...). */
final class Records
{
    public function __construct(private readonly Context $ctx)
    {
    }

    public function create(?string $elementType, mixed $element, ?array $user): array
    {
        if ($elementType === null || !$this->writable($elementType)) {
            throw Errors::accessDenied();
        }
        $element = is_array($element) ? $element : [];
        if ($elementType === 'Documents') {
            return (new Documents($this->ctx))->create($element, $user['id']);
        }
        if ($elementType === 'Invoice') {
            return (new Inventory($this->ctx))->create($element, $user['id']);
        }
        $record = $this->ctx->writer->create($elementType, $element, $user['id']);
        return $this->ctx->view->full($record, true);
    }

    public function retrieve(?string $id, ?array $user): array
    {
        $record = $this->ctx->ids->resolve($id);
        if ($record['module'] === 'Invoice') {
            return (new Inventory($this->ctx))->full($record);
        }
        return $this->ctx->view->full($record);
    }

    public function update(mixed $element, ?array $user): array
    {
        $element = is_array($element) ? $element : [];
        $record = $this->writableRecord($element['id'] ?? null);
        [$answered] = $this->ctx->writer->update($record, $element, $user['id']);
        return $this->answer($answered);
    }

    public function revise(mixed $element, ?array $user): array
    {
        $element = is_array($element) ? $element : [];
        $record = $this->writableRecord($element['id'] ?? null);
        return $this->answer($this->ctx->writer->revise($record, $element, $user['id']));
    }

    public function delete(?string $id, ?array $user): array
    {
        $record = $this->writableRecord($id);
        $this->ctx->store->markDeleted($record['crmid'], $this->ctx->clock->now());
        return ['status' => 'successful'];
    }

    private function answer(array $record): array
    {
        return $record['module'] === 'Invoice' ? (new Inventory($this->ctx))->full($record) : $this->ctx->view->full($record);
    }

    private function writable(string $module): bool
    {
        $information = $this->ctx->meta->listtypes()['information'][$module] ?? null;
        // Actor types (LineItem, Currency, ...) and Users are not written through these operations here.
        return $information !== null && $information['isEntity'] === true && $this->ctx->meta->hasModule($module)
            && $module !== 'Users';
    }

    private function writableRecord(mixed $id): array
    {
        $record = $this->ctx->ids->resolve(is_scalar($id) ? (string) $id : null);
        if (!$this->writable($record['module'])) {
            throw Errors::accessDenied();
        }
        return $record;
    }
}

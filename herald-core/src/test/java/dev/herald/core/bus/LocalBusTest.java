package dev.herald.core.bus;

/** The single-node bus passes the bus contract (its one-node part). */
class LocalBusTest extends BusContract {
    @Override
    protected Bus newNode(String nodeId) {
        return new LocalBus();
    }

    @Override
    protected boolean severalNodes() {
        return false;
    }
}

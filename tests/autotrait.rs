//! Every public type can cross threads: users parse archives in parallel.

fn assert_send_sync<T: Send + Sync + Unpin + 'static>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<newsarchive::Article>();
    assert_send_sync::<newsarchive::Block>();
    assert_send_sync::<newsarchive::Paragraph>();
    assert_send_sync::<newsarchive::Heading>();
    assert_send_sync::<newsarchive::Figure>();
    assert_send_sync::<newsarchive::List>();
    assert_send_sync::<newsarchive::Quote>();
    assert_send_sync::<newsarchive::Embed>();
    assert_send_sync::<newsarchive::EmbedKind>();
    assert_send_sync::<newsarchive::Link>();
    assert_send_sync::<newsarchive::Footer>();
    assert_send_sync::<newsarchive::Published>();
    assert_send_sync::<newsarchive::Warning>();
    assert_send_sync::<newsarchive::Error>();
    assert_send_sync::<newsarchive::Options>();
}

#[test]
fn errors_are_std_errors() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<newsarchive::Error>();
    assert_error::<newsarchive::Warning>();
}

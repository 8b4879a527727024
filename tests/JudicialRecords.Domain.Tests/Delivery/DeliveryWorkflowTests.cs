using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;

namespace JudicialRecords.Domain.Tests.Deliveries;

public sealed class DeliveryWorkflowTests
{
    static readonly Guid Id = new("0f5e2d1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f");
    static readonly DateTimeOffset Now = new(2025, 3, 10, 2, 0, 0, TimeSpan.Zero);
    static readonly Actor Owner = new("075090001234", "applicant");

    static DeliveryRecord Then(DeliveryRecord state, DeliveryDecision decision)
    {
        Assert.True(decision.IsSuccess, decision.Error?.Detail);
        state.Fold(decision.Events);
        return state;
    }

    static DeliveryRecord Posted()
    {
        var state = DeliveryRecord.Replay(DeliveryWorkflow.Open(
            Id, "123/2025/LLTP", new Domain.Applications.Delivery(DeliveryMethod.Post, "12 Lê Lợi, Biên Hòa"), "Nguyễn Văn An", Now, Now, copies: 2).Events);
        return Then(state, DeliveryWorkflow.RecordShipment(state, 1, "vnpost", "RR000000001VN", Now));
    }

    static DeliveryRecord Reported(DeliveryRecord state, string id, TrackingStatus status, int hours, string tracking = "RR000000001VN") =>
        Then(state, DeliveryWorkflow.RecordTracking(state, tracking, new TrackingEvent(id, status, Now.AddHours(hours), "Biên Hòa"), "webhook", Now));

    [Fact]
    public void a_postal_delivery_asks_for_a_letter_and_is_dispatched_once_the_carrier_numbers_it()
    {
        var opened = DeliveryRecord.Replay(DeliveryWorkflow.Open(
            Id, "1", new Domain.Applications.Delivery(DeliveryMethod.Post, "Hà Nội"), "An", Now, Now, copies: 3).Events);
        Assert.Equal(DeliveryProgress.DispatchRequested, opened.Progress);
        Assert.Equal(3, opened.Copies);
        Assert.Equal(1, DeliveryWorkflow.PendingShipment(opened)?.Sequence);

        var posted = Posted();
        Assert.Equal(DeliveryProgress.Dispatched, posted.Progress);
        Assert.Null(DeliveryWorkflow.PendingShipment(posted));
        Assert.Empty(DeliveryWorkflow.RecordShipment(posted, 1, "vnpost", "RR000000001VN", Now).Events);
    }

    [Fact]
    public void a_late_in_transit_report_never_overrides_delivered()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.Accepted, 1);
        state = Reported(state, "e3", TrackingStatus.Delivered, 30);
        state = Reported(state, "e2", TrackingStatus.InTransit, 5);
        state = Reported(state, "e4", TrackingStatus.InTransit, 40);

        Assert.Equal(DeliveryProgress.Delivered, state.Progress);
        Assert.Equal(["e1", "e2", "e3", "e4"], state.CurrentShipment!.Events.Select(e => e.EventId));
        Assert.Equal(Now.AddHours(30), state.DeliveredAt);
    }

    [Fact]
    public void a_report_with_a_known_event_id_is_a_repeat_whatever_it_says()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.InTransit, 1);

        var again = DeliveryWorkflow.RecordTracking(state, "RR000000001VN", new TrackingEvent("e1", TrackingStatus.Returned, Now, null), "poll", Now);

        Assert.True(again.IsSuccess);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void a_report_for_an_unknown_tracking_number_is_refused()
    {
        var refused = DeliveryWorkflow.RecordTracking(Posted(), "RR999", new TrackingEvent("x", TrackingStatus.Accepted, Now, null), "webhook", Now);

        Assert.Equal(DeliveryErrorCodes.UnknownShipment, refused.Error?.Code);
    }

    [Fact]
    public void a_failed_attempt_followed_by_a_new_attempt_is_out_for_delivery_again()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.DeliveryFailed, 10);
        state = Reported(state, "e2", TrackingStatus.OutForDelivery, 34);

        Assert.Equal(DeliveryProgress.OutForDelivery, state.Progress);
    }

    [Fact]
    public void a_returned_letter_can_be_sent_to_a_new_address_as_a_second_letter()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.Returned, 100);

        state = Then(state, DeliveryWorkflow.Redirect(state, DeliveryMethod.Post, " 5 Trần Phú, Đà Nẵng ", Owner, Now.AddDays(5)));

        Assert.Equal(DeliveryProgress.DispatchRequested, state.Progress);
        Assert.Equal(2, DeliveryWorkflow.PendingShipment(state)?.Sequence);
        Assert.Equal("5 Trần Phú, Đà Nẵng", state.Address);
    }

    [Fact]
    public void a_returned_letter_redirected_to_the_counter_waits_there_and_is_collected_once()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.Returned, 100);
        state = Then(state, DeliveryWorkflow.Redirect(state, DeliveryMethod.Counter, null, Owner, Now.AddDays(5)));
        Assert.Equal(DeliveryProgress.ReadyForCollection, state.Progress);

        var clerk = new Actor("clerk-01", "clerk");
        state = Then(state, DeliveryWorkflow.Collect(state, null, clerk, Now.AddDays(6)));

        Assert.Equal(DeliveryProgress.Collected, state.Progress);
        Assert.Equal(clerk, state.CollectedBy);
        Assert.Empty(DeliveryWorkflow.Collect(state, null, clerk, Now.AddDays(7)).Events);
    }

    [Theory]
    [InlineData(DeliveryMethod.Electronic, "x", "method")]
    [InlineData(DeliveryMethod.Post, " ", "address")]
    public void a_redirection_needs_a_paper_method_and_an_address_for_post(DeliveryMethod method, string address, string field)
    {
        var state = Reported(Posted(), "e1", TrackingStatus.Returned, 100);

        Assert.Equal(field, DeliveryWorkflow.Redirect(state, method, address, Owner, Now).Error?.Field);
    }

    [Fact]
    public void a_letter_the_carrier_refuses_is_not_shipped_again_and_its_owner_may_redirect_it()
    {
        var state = DeliveryRecord.Replay(DeliveryWorkflow.Open(
            Id, "1", new Domain.Applications.Delivery(DeliveryMethod.Post, "Somewhere abroad"), "An", Now, Now, copies: 2).Events);

        state = Then(state, DeliveryWorkflow.RefuseShipment(state, 1, "vnpost", "422: No delivery to this address.", Now));

        Assert.Equal(DeliveryProgress.DispatchRefused, state.Progress);
        Assert.Null(DeliveryWorkflow.PendingShipment(state));
        Assert.Equal("422: No delivery to this address.", state.CurrentShipment!.RefusalReason);
        Assert.Empty(DeliveryWorkflow.RefuseShipment(state, 1, "vnpost", "again", Now).Events);
        state = Then(state, DeliveryWorkflow.Redirect(state, DeliveryMethod.Post, "5 Trần Phú, Đà Nẵng", Owner, Now.AddDays(1)));
        Assert.Equal(2, DeliveryWorkflow.PendingShipment(state)?.Sequence);
    }

    [Fact]
    public void a_letter_the_carrier_already_took_cannot_be_refused()
    {
        Assert.Equal(DeliveryErrorCodes.InvalidValue, DeliveryWorkflow.RefuseShipment(Posted(), 1, "vnpost", "422", Now).Error?.Code);
    }

    [Fact]
    public void a_letter_on_its_way_cannot_be_redirected()
    {
        var state = Reported(Posted(), "e1", TrackingStatus.InTransit, 1);

        Assert.Equal(DeliveryErrorCodes.NotRedirectable, DeliveryWorkflow.Redirect(state, DeliveryMethod.Counter, null, Owner, Now).Error?.Code);
    }
}
